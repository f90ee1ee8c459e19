"""Compiling a period's report, with a first draft of its narrative from the figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFoundError
from app.models import Plan, Report
from app.periods import ReportPeriod, period_from_key
from app.progress import RECURRING_KINDS
from app.services.progress_entry import (
    IndicatorResultRow,
    TaskStatusRow,
    _latest_progress,
    indicator_results,
    measured_indicators,
    task_statuses,
)
from app.services.report_history import thaw
from app.services.reports.common import FROZEN_STATUSES, report_counts
from app.vntext import numbered


@dataclass(frozen=True, slots=True)
class ReportSummary:
    report_id: int
    plan_id: int
    period_key: str
    period_label: str
    status: str
    revision: int
    number: str
    issue_date: date | None
    counts: dict[str, int]


def _listing(items: list[str], limit: int, more: str) -> str:
    """Items joined by "; ", the first *limit* of them, then how many more (*more*)."""
    shown = "; ".join(items[:limit])
    rest = len(items) - limit
    return shown + (f"; và {rest} {more} khác (chi tiết tại phụ lục)" if rest > 0 else "")


def completed_in_period(
    t: TaskStatusRow, period: ReportPeriod, done_before: frozenset[int] = frozenset()
) -> bool:
    """Whether *t* was completed inside the period's window.

    Its completion date lies in the window; or, with no date, the entry saying
    "Hoàn thành" was made for a period ending in the window and the task was not
    already done before the window opened (*done_before*: ids of such tasks;
    recurring tasks are done again each occurrence).
    """
    if not t.official_code.startswith("done") or t.from_period is None:
        return False  # nothing entered ("Đã hoàn thành" in the plan): done long ago
    if t.completed_on is not None:
        return period.contains(t.completed_on)
    if t.deadline_kind not in RECURRING_KINDS and t.task_id in done_before:
        return False
    return period.contains(period_from_key(t.from_period).end)


def _lead(t: TaskStatusRow) -> str:
    lead = " ".join(t.lead.split())
    return f"{lead} chủ trì" if lead else "chưa có đơn vị chủ trì"


def _done_item(t: TaskStatusRow) -> str:
    when = f", ngày {t.completed_on:%d/%m/%Y}" if t.completed_on else ""
    late = ", quá hạn" if t.official_code == "done_late" else ""
    return f"{numbered(t.number, t.name)} ({_lead(t)}{when}{late})"


def _late_item(t: TaskStatusRow) -> str:
    deadline = " ".join(t.deadline.split())
    due = f", hạn {deadline}" if deadline else ""
    state = "đang thực hiện" if t.official_code == "in_progress_late" else "chưa thực hiện"
    return f"{numbered(t.number, t.name)} ({_lead(t)}{due}, {state})"


def _indicator_item(i: IndicatorResultRow) -> str:
    value = " ".join(i.actual_text.split())
    unit = i.unit.strip()
    if i.actual_value is not None and unit and not value.endswith(unit):
        value += unit if unit == "%" else f" {unit}"
    target = ""
    if i.target_text.strip():
        year = f" năm {i.target_year}" if i.target_year else ""
        target = f"; mục tiêu{year}: {' '.join(i.target_text.split())}"
    return f"{numbered(i.code, i.name)} (kết quả {value}{target})"


def draft_sections(
    period: ReportPeriod,
    tasks: list[TaskStatusRow],
    inds: list[IndicatorResultRow],
    done_before: frozenset[int] = frozenset(),
) -> dict[str, str]:
    """A first draft of the narrative from the figures; the officer edits it.

    I. counts by status, the tasks completed in the period, the indicators reached
    and not reached; II. the overdue tasks with their lead units; III. what to do
    next. *done_before*: see :func:`completed_in_period`.
    """
    late = [t for t in tasks if t.official_code in ("in_progress_late", "not_started_late")]
    missed = [i for i in inds if i.attainment == "Chưa đạt"]
    return {
        "results": _results_text(period, tasks, inds, done_before),
        "shortcomings": _shortcomings_text(late, missed),
        "next_tasks": _next_tasks_text(tasks, late),
        "proposals": "",
    }


def _results_text(
    period: ReportPeriod,
    tasks: list[TaskStatusRow],
    inds: list[IndicatorResultRow],
    done_before: frozenset[int],
) -> str:
    """I.: counts by status, the tasks completed in the period, the indicators."""
    c = report_counts(tasks, inds)
    done_now = [t for t in tasks if completed_in_period(t, period, done_before)]
    results = (
        f"Trong kỳ báo cáo ({period.label_in_text}), "
        f"kế hoạch có {c['tasks']} nhiệm vụ: "
        f"{c['done']} nhiệm vụ đã hoàn thành ({c['done_on_time']} đúng hạn, "
        f"{c['done_late']} quá hạn), {c['in_progress']} nhiệm vụ đang thực hiện, "
        f"{c['not_started']} nhiệm vụ chưa thực hiện"
        + (f", {c['paused']} nhiệm vụ tạm dừng" if c["paused"] else "")
        + (f", {c['cancelled']} nhiệm vụ không thực hiện" if c["cancelled"] else "")
        + "."
    )
    if done_now:
        items = _listing([_done_item(t) for t in done_now], 15, "nhiệm vụ")
        results += f"\nTrong kỳ đã hoàn thành {len(done_now)} nhiệm vụ: {items}."
    else:
        results += "\nTrong kỳ chưa có nhiệm vụ nào được hoàn thành."
    return results + _indicator_text(c, inds)


def _indicator_text(c: dict[str, int], inds: list[IndicatorResultRow]) -> str:
    """The indicators reached and not reached (each line after a line break)."""
    reached = [i for i in inds if i.attainment == "Đạt"]
    missed = [i for i in inds if i.attainment == "Chưa đạt"]
    # Headings are neither counted in c['indicators'] nor judged: leave them out here too.
    no_data = sum(1 for i in measured_indicators(inds) if not i.actual_text.strip())
    results = (
        f"\nVề chỉ tiêu, {c['reached']}/{c['indicators']} chỉ tiêu đạt, "
        f"{c['not_reached']} chỉ tiêu chưa đạt"
        + (f", {no_data} chỉ tiêu chưa có số liệu" if no_data else "")
        + "."
    )
    for title, rows in (("đã đạt", reached), ("chưa đạt", missed)):
        if rows:
            items = _listing([_indicator_item(i) for i in rows], 15, "chỉ tiêu")
            results += f"\nCác chỉ tiêu {title}: {items}."
    return results


def _shortcomings_text(late: list[TaskStatusRow], missed: list[IndicatorResultRow]) -> str:
    """II.: the overdue tasks with their lead units, the indicators not reached."""
    if late:
        items = _listing([_late_item(t) for t in late], 15, "nhiệm vụ")
        shortcomings = f"Còn {len(late)} nhiệm vụ quá hạn chưa hoàn thành: {items}."
        by_unit = Counter(" ".join(t.lead.split()) or "chưa có đơn vị chủ trì" for t in late)
        units = ", ".join(f"{unit} ({n} nhiệm vụ)" for unit, n in by_unit.most_common())
        shortcomings += f"\nĐơn vị có nhiệm vụ quá hạn: {units}."
    else:
        shortcomings = "Không có nhiệm vụ quá hạn."
    if missed:
        shortcomings += f"\nCòn {len(missed)} chỉ tiêu chưa đạt so với mục tiêu."
    return shortcomings


def _next_tasks_text(tasks: list[TaskStatusRow], late: list[TaskStatusRow]) -> str:
    """III.: the overdue tasks first, then those under way or not started on time."""
    pending = [t for t in tasks if t.official_code in ("in_progress_on_time", "not_started")]
    listed = _listing([numbered(t.number, t.name) for t in late + pending], 10, "nhiệm vụ")
    if late:
        return (
            "Tập trung hoàn thành các nhiệm vụ quá hạn và tiếp tục triển khai các nhiệm vụ: "
            f"{listed}."
        )
    if pending:
        return f"Tiếp tục triển khai các nhiệm vụ: {listed}."
    return "Duy trì kết quả đã đạt được."


def _done_before(db: Database, plan_id: int, period: ReportPeriod) -> frozenset[int]:
    """Tasks whose latest entry before the period's window says "Hoàn thành"."""
    with db.read() as s:
        latest = _latest_progress(s, plan_id, period.start - timedelta(days=1))
        return frozenset(tid for tid, p in latest.items() if p.status_code == "done")


def draft_for(db: Database, plan_id: int, period_key: str) -> dict[str, str]:
    """The drafted sections of a plan's report for a period, from the current data."""
    period = period_from_key(period_key)
    tasks = task_statuses(db, plan_id, period.key)
    inds = indicator_results(db, plan_id, period.key)
    return draft_sections(period, tasks, inds, _done_before(db, plan_id, period))


def compile_report(db: Database, *, plan_id: int, period_key: str) -> ReportSummary:
    """Create the report of a period (drafted from the data); an existing one is kept as
    the officer left it (a draft's derived title follows the plan's number). The counts are those the report shows: a locked or sent
    report's come from what was frozen at the lock."""
    period = period_from_key(period_key)
    frozen = _frozen_summary(db, plan_id, period)
    if frozen is not None:
        return frozen
    tasks = task_statuses(db, plan_id, period.key)
    inds = indicator_results(db, plan_id, period.key)
    with db.begin() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; hãy tải lại danh sách.")
        report = _report_of(s, plan_id, period.key)
        if report is None:
            report = Report(
                plan_id=plan_id,
                period_key=period.key,
                kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                title=_report_title(plan, period),
                kinh_gui=[],  # printed as the province department until the officer sets it
                **draft_sections(period, tasks, inds, _done_before(db, plan_id, period)),
            )
            s.add(report)
        elif report.status == "draft":
            report.title = _report_title(plan, period)  # the plan may have its number now
        s.flush()
        return _summary(report, period, report_counts(tasks, inds))


def _report_of(s: Session, plan_id: int, period_key: str) -> Report | None:
    return s.scalars(
        select(Report).where(Report.plan_id == plan_id, Report.period_key == period_key)
    ).first()


def _frozen_summary(db: Database, plan_id: int, period: ReportPeriod) -> ReportSummary | None:
    """The summary of a locked or sent report of the period, from what was frozen."""
    with db.read() as s:
        existing = _report_of(s, plan_id, period.key)
        if existing is not None and existing.status in FROZEN_STATUSES:
            frozen = thaw(existing.snapshot)
            if frozen is not None:
                return _summary(existing, period, report_counts(frozen.tasks, frozen.indicators))
    return None


def _report_title(plan: Plan, period: ReportPeriod) -> str:
    """Derived, never typed: a draft's title follows the plan's number once it has one."""
    ref = f" số {plan.number}" if plan.number else ""
    return f"Kết quả thực hiện Kế hoạch{ref} {period.label_in_text}".replace("  ", " ")


def _summary(report: Report, period: ReportPeriod, counts: dict[str, int]) -> ReportSummary:
    return ReportSummary(
        report_id=report.id,
        plan_id=report.plan_id,
        period_key=report.period_key,
        period_label=period.label_vi,
        status=report.status,
        revision=report.revision,
        number=report.number,
        issue_date=report.issue_date,
        counts=counts,
    )
