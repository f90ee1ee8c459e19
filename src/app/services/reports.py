"""The commune report for a period: compile, narrative draft, lock, data for bundles."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Indicator, Plan, Report, ReportRegime, Task
from app.models.base import utcnow
from app.periods import (
    PeriodKind,
    ReportPeriod,
    SendingRule,
    due_status,
    period_containing,
    period_from_key,
)
from app.progress import RECURRING_KINDS, parse_actual_value
from app.services import Changes
from app.services.commune import get_profile
from app.services.progress_entry import (
    IndicatorResultRow,
    ProgressInput,
    ResultInput,
    TaskStatusRow,
    _latest_progress,
    indicator_results,
    record_progress,
    record_result,
    task_statuses,
)
from app.services.report_history import (
    FrozenReport,
    RevisionRow,
    add_revision,
    describe_changes,
    freeze,
    revisions_of,
    thaw,
    update_revision_changes,
)
from app.targets import format_number_vi

REGIME_KINDS: tuple[PeriodKind, ...] = ("monthly", "quarterly", "half_year", "yearly")
# Nháp → Đã chốt → Đã gửi; "issued" is how older databases said "sent"
REPORT_STATUSES = ("draft", "locked", "sent")
FROZEN_STATUSES = frozenset({"locked", "sent", "issued"})
KIND_LABELS = {
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "half_year": "6 tháng",
    "yearly": "Hằng năm",
    "adhoc": "Đột xuất",
}


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


@dataclass(frozen=True, slots=True)
class DueReport:
    plan_id: int
    plan_title: str
    period_key: str
    period_label: str
    kind: str
    deadline: date
    days_left: int
    is_late: bool
    compiled: bool


def _rules_for(plan: Plan, regimes: list[ReportRegime]) -> dict[str, SendingRule | None]:
    """Each enabled regime's sending rule (None: the cut-off day); see app.services.regimes."""
    from app.services.regimes import resolve_regimes

    return {
        kind: r.rule for kind, r in resolve_regimes(plan.organisation, regimes).items() if r.enabled
    }


def set_regime(
    db: Database, *, plan_id: int, kind: str, enabled: bool, sending_rule: str
) -> Changes:
    from app.periods import parse_sending_rule

    if sending_rule.strip() and parse_sending_rule(sending_rule) is None:
        raise ValidationError(
            f"Không hiểu hạn gửi “{sending_rule}”; hãy viết như “trước ngày 15 hằng tháng” "
            "hoặc “trước ngày 05/6”.",
            field="sending_rule",
        )
    with db.begin() as s:
        row = s.scalars(
            select(ReportRegime).where(ReportRegime.plan_id == plan_id, ReportRegime.kind == kind)
        ).first() or ReportRegime(plan_id=plan_id, kind=kind)
        row.enabled = enabled
        row.sending_rule = sending_rule.strip()
        s.add(row)
    return Changes(reports=True)


def due_reports(db: Database, today: date) -> list[DueReport]:
    """For each plan and regime: the report of the current period and its deadline."""
    out: list[DueReport] = []
    with db.read() as s:
        plans = s.scalars(select(Plan).order_by(Plan.id)).all()
        regimes = s.scalars(select(ReportRegime)).all()
        current = {kind: _current_period(kind, today) for kind in REGIME_KINDS}
        keys = [p.key for p in current.values()]
        compiled = {
            (pid, key)
            for pid, key in s.execute(
                select(Report.plan_id, Report.period_key).where(Report.period_key.in_(keys))
            )
        }
    for plan in plans:
        own = [r for r in regimes if r.plan_id == plan.id]
        rules = _rules_for(plan, own)
        for kind in REGIME_KINDS:
            if kind not in rules:
                continue
            period = current[kind]
            info = due_status(period, rules.get(kind), today)
            out.append(
                DueReport(
                    plan_id=plan.id,
                    plan_title=plan.title,
                    period_key=period.key,
                    period_label=period.label_vi,
                    kind=kind,
                    deadline=info.deadline,
                    days_left=info.days_left,
                    is_late=info.is_late,
                    compiled=(plan.id, period.key) in compiled,
                )
            )
    return sorted(out, key=lambda d: d.deadline)


def _current_period(kind: PeriodKind, today: date) -> ReportPeriod:
    """The period whose report is being prepared: the one whose window holds today."""
    return period_containing(kind, today)


def _counts(tasks: list[TaskStatusRow], inds: list[IndicatorResultRow]) -> dict[str, int]:
    c = Counter(t.official_code for t in tasks)
    return {
        "tasks": len(tasks),
        "done": c["done_on_time"] + c["done_late"],
        "done_on_time": c["done_on_time"],
        "done_late": c["done_late"],
        "in_progress": c["in_progress_on_time"] + c["in_progress_late"],
        "overdue": c["done_late"] + c["in_progress_late"] + c["not_started_late"],
        "not_started": c["not_started"] + c["not_started_late"] + c["waiting_condition"],
        "paused": c["paused"],
        "cancelled": c["cancelled"],
        "indicators": len(inds),
        "reached": sum(1 for i in inds if i.attainment == "Đạt"),
        "not_reached": sum(1 for i in inds if i.attainment == "Chưa đạt"),
    }


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
    return f"{t.number}. {t.name} ({_lead(t)}{when}{late})"


def _late_item(t: TaskStatusRow) -> str:
    deadline = " ".join(t.deadline.split())
    due = f", hạn {deadline}" if deadline else ""
    state = "đang thực hiện" if t.official_code == "in_progress_late" else "chưa thực hiện"
    return f"{t.number}. {t.name} ({_lead(t)}{due}, {state})"


def _indicator_item(i: IndicatorResultRow) -> str:
    value = " ".join(i.actual_text.split())
    unit = i.unit.strip()
    if i.actual_value is not None and unit and not value.endswith(unit):
        value += unit if unit == "%" else f" {unit}"
    target = ""
    if i.target_text.strip():
        year = f" năm {i.target_year}" if i.target_year else ""
        target = f"; mục tiêu{year}: {' '.join(i.target_text.split())}"
    return f"{i.code}. {i.name} (kết quả {value}{target})"


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
    c = _counts(tasks, inds)
    late = [t for t in tasks if t.official_code in ("in_progress_late", "not_started_late")]
    done_now = [t for t in tasks if completed_in_period(t, period, done_before)]
    results = (
        f"Trong kỳ báo cáo ({period.label_vi}), kế hoạch có {c['tasks']} nhiệm vụ: "
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
    reached = [i for i in inds if i.attainment == "Đạt"]
    missed = [i for i in inds if i.attainment == "Chưa đạt"]
    no_data = sum(1 for i in inds if not i.actual_text.strip())
    results += (
        f"\nVề chỉ tiêu, {c['reached']}/{c['indicators']} chỉ tiêu đạt, "
        f"{c['not_reached']} chỉ tiêu chưa đạt"
        + (f", {no_data} chỉ tiêu chưa có số liệu" if no_data else "")
        + "."
    )
    for title, rows in (("đã đạt", reached), ("chưa đạt", missed)):
        if rows:
            items = _listing([_indicator_item(i) for i in rows], 15, "chỉ tiêu")
            results += f"\nCác chỉ tiêu {title}: {items}."
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
    pending = [t for t in tasks if t.official_code in ("in_progress_on_time", "not_started")]
    listed = _listing([f"{t.number}. {t.name}" for t in late + pending], 10, "nhiệm vụ")
    if late:
        next_tasks = (
            "Tập trung hoàn thành các nhiệm vụ quá hạn và tiếp tục triển khai các nhiệm vụ: "
            f"{listed}."
        )
    elif pending:
        next_tasks = f"Tiếp tục triển khai các nhiệm vụ: {listed}."
    else:
        next_tasks = "Duy trì kết quả đã đạt được."
    return {
        "results": results,
        "shortcomings": shortcomings,
        "next_tasks": next_tasks,
        "proposals": "",
    }


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
    the officer left it. The counts are those the report shows: a locked or sent
    report's come from what was frozen at the lock."""
    period = period_from_key(period_key)
    with db.read() as s:
        existing = s.scalars(
            select(Report).where(Report.plan_id == plan_id, Report.period_key == period.key)
        ).first()
        if existing is not None and existing.status in FROZEN_STATUSES:
            frozen = thaw(existing.snapshot)
            if frozen is not None:
                return _summary(existing, period, _counts(frozen.tasks, frozen.indicators))
    tasks = task_statuses(db, plan_id, period.key)
    inds = indicator_results(db, plan_id, period.key)
    with db.begin() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; hãy tải lại danh sách.")
        report = s.scalars(
            select(Report).where(Report.plan_id == plan_id, Report.period_key == period.key)
        ).first()
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
        s.flush()
        return _summary(report, period, _counts(tasks, inds))


@dataclass(frozen=True, slots=True)
class ReportRef:
    report_id: int
    period_key: str
    status: str  # draft | locked | sent
    revision: int


def plan_reports(db: Database, plan_id: int) -> dict[str, ReportRef]:
    """The reports already compiled for a plan, by period key (for period lists)."""
    with db.read() as s:
        rows = s.execute(
            select(Report.id, Report.period_key, Report.status, Report.revision).where(
                Report.plan_id == plan_id
            )
        ).all()
        return {key: ReportRef(rid, key, status, rev) for rid, key, status, rev in rows}


def plan_report_years(db: Database, plan_id: int) -> tuple[int, int] | None:
    """First and last year a plan is reported on: its years widened to its tasks' deadlines."""
    with db.read() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            return None
        first, last = s.execute(
            select(func.min(Task.deadline_due), func.max(Task.deadline_due)).where(
                Task.plan_id == plan_id
            )
        ).one()
        years = [y for y in (plan.start_year, plan.end_year) if y]
        years += [d.year for d in (first, last) if d is not None]
    return (min(years), max(years)) if years else None


def _report_title(plan: Plan, period: ReportPeriod) -> str:
    label = period.label_vi[0].lower() + period.label_vi[1:]
    ref = f" số {plan.number}" if plan.number else ""
    return f"Kết quả thực hiện Kế hoạch{ref} {label}".replace("  ", " ")


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


@dataclass(frozen=True, slots=True)
class SectionsInput:
    results: str
    shortcomings: str
    next_tasks: str
    proposals: str
    kinh_gui: list[str]


def save_sections(db: Database, report_id: int, data: SectionsInput) -> Changes:
    with db.begin() as s:
        report = _report(s, report_id)
        if report.status != "draft":
            raise ValidationError(
                "Báo cáo đã khoá để gửi; hãy mở khoá (tạo lần sửa mới) trước khi sửa nội dung."
            )
        report.results, report.shortcomings = data.results, data.shortcomings
        report.next_tasks, report.proposals = data.next_tasks, data.proposals
        report.kinh_gui = [x.strip() for x in data.kinh_gui if x.strip()]
    return Changes(reports=True)


def _report(s: Any, report_id: int) -> Report:
    report = s.get(Report, report_id)
    if report is None:
        raise NotFoundError("Báo cáo này không còn trong dữ liệu; hãy tải lại danh sách.")
    return report  # type: ignore[no-any-return]


def lock_report(db: Database, report_id: int) -> Changes:
    """Freeze a draft for sending (Đã chốt): its data no longer follows later edits.

    The rows it shows are stored in ``report.snapshot``; when this closes a new
    revision, the revision's record says what changed against the previous lock.
    A report already locked or sent is left as it is.
    """
    with db.read() as s:
        status = _report(s, report_id).status
    if status != "draft":
        return Changes()
    live = report_view(db, report_id)
    frozen = _frozen_from(live)
    with db.begin() as s:
        report = _report(s, report_id)
        if report.status != "draft":
            return Changes()
        previous = thaw(report.snapshot)
        if previous is not None and report.revision > 1:
            changes = describe_changes(previous, live.tasks, live.indicators, live.sections)
            update_revision_changes(
                s, report_id=report_id, revision=report.revision, changes=changes
            )
        report.snapshot = freeze(frozen)
        report.status = "locked"
        report.locked_at = utcnow()
    return Changes(reports=True)


def unlock_report(db: Database, report_id: int, reason: str) -> Changes:
    """Open a locked or sent report again as a new revision, recording why and what changed.

    The sent revision stays as sent (in its bundle); the record's changes are
    those between the frozen data and the data now, brought up to date at the
    next lock. A draft is left as it is.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            "Hãy ghi lý do sửa báo cáo đã chốt, ví dụ “Cập nhật kết quả nhiệm vụ 1.2”.",
            field="reason",
        )
    with db.read() as s:
        report = _report(s, report_id)
        status, plan_id, period_key = report.status, report.plan_id, report.period_key
        frozen = thaw(report.snapshot)
    if status == "draft":
        return Changes()
    changes = ""
    if frozen is not None:
        tasks = task_statuses(db, plan_id, period_key)
        inds = indicator_results(db, plan_id, period_key)
        changes = describe_changes(frozen, tasks, inds)
    with db.begin() as s:
        report = _report(s, report_id)
        if report.status == "draft":
            return Changes()
        report.status = "draft"
        report.revision += 1
        report.locked_at = None
        add_revision(
            s, report_id=report_id, revision=report.revision, reason=reason, changes=changes
        )
    return Changes(reports=True)


def mark_sent_in(s: Session, report_id: int) -> None:
    """Inside the caller's transaction: a locked report whose bundle went out is Đã gửi."""
    report = s.get(Report, report_id)
    if report is not None and report.status == "locked":
        report.status = "sent"


def mark_sent(db: Database, report_id: int) -> Changes:
    """Đã chốt → Đã gửi, once a submission of the report is recorded."""
    with db.begin() as s:
        _report(s, report_id)
        mark_sent_in(s, report_id)
    return Changes(reports=True)


def report_revisions(db: Database, report_id: int) -> list[RevisionRow]:
    """The corrections of a report, oldest first (revision 2 onwards)."""
    with db.read() as s:
        _report(s, report_id)
        return revisions_of(s, report_id)


def record_issued(db: Database, report_id: int, *, number: str, issue_date: date) -> Changes:
    if not number.strip():
        raise ValidationError("Hãy nhập số văn bản đã cấp, ví dụ 125.", field="number")
    with db.begin() as s:
        report = _report(s, report_id)
        report.number = number.strip()
        report.issue_date = issue_date
    return Changes(reports=True)


@dataclass(frozen=True, slots=True)
class ReportView:
    """Everything a printed report, its Excel twin and its bundle need."""

    report_id: int
    title: str
    number: str
    issue_date: date | None
    revision: int
    status: str
    kinh_gui: list[str]
    sections: dict[str, str]
    period: ReportPeriod
    plan_id: int
    plan_number: str
    plan_title: str
    plan_years: tuple[int | None, int | None]
    commune: str
    province: str
    tasks: list[TaskStatusRow]
    indicators: list[IndicatorResultRow]
    counts: dict[str, int]


def _frozen_from(view: ReportView) -> FrozenReport:
    return FrozenReport(
        data=report_data(view),
        plan_number=view.plan_number,
        plan_title=view.plan_title,
        plan_years=view.plan_years,
        commune=view.commune,
        province=view.province,
        tasks=view.tasks,
        indicators=view.indicators,
    )


def report_view(db: Database, report_id: int) -> ReportView:
    """The report with its rows: for a draft, from the data now; for a locked or sent
    report, as frozen at the lock (only its number and date of issue can change)."""
    with db.read() as s:
        report = _report(s, report_id)
        plan = s.get(Plan, report.plan_id)
        assert plan is not None
        head = (report.title, report.number, report.issue_date, report.revision, report.status)
        kinh_gui = list(report.kinh_gui)
        sections = {
            "results": report.results,
            "shortcomings": report.shortcomings,
            "next_tasks": report.next_tasks,
            "proposals": report.proposals,
        }
        plan_info = (
            plan.id,
            plan.number,
            plan.title,
            (plan.start_year, plan.end_year),
            plan.commune,
        )
        period_key = report.period_key
        frozen = thaw(report.snapshot) if report.status in FROZEN_STATUSES else None
    period = period_from_key(period_key)
    profile = get_profile(db)
    common: dict[str, Any] = {
        "report_id": report_id,
        "title": head[0],
        "number": head[1],
        "issue_date": head[2],
        "revision": head[3],
        "status": head[4],
        "kinh_gui": kinh_gui,
        "sections": sections,
        "period": period,
        "plan_id": plan_info[0],
    }
    commune = plan_info[4] or (profile.name if profile else "")
    province = profile.province if profile else ""
    if frozen is not None:
        return ReportView(
            **common,
            # blanks filled in after the lock (the plan's number, the commune) are taken
            plan_number=frozen.plan_number or plan_info[1],
            plan_title=frozen.plan_title or plan_info[2],
            plan_years=frozen.plan_years,
            commune=frozen.commune or commune,
            province=frozen.province or province,
            tasks=frozen.tasks,
            indicators=frozen.indicators,
            counts=_counts(frozen.tasks, frozen.indicators),
        )
    tasks = task_statuses(db, plan_info[0], period.key)
    inds = indicator_results(db, plan_info[0], period.key)
    return ReportView(
        **common,
        plan_number=plan_info[1],
        plan_title=plan_info[2],
        plan_years=plan_info[3],
        commune=commune,
        province=province,
        tasks=tasks,
        indicators=inds,
        counts=_counts(tasks, inds),
    )


# ---------------------------------------------------------------- entries by number (CLI)


def parse_day_vi(text: str) -> date:
    """A date written dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy)."""
    parts = re.split(r"[/.-]", text.strip())
    try:
        if len(parts) != 3 or len(parts[2]) != 4:
            raise ValueError(text)
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise ValidationError(
            f"Ngày “{text}” không hợp lệ; hãy ghi theo mẫu ngày/tháng/năm, ví dụ 20/09/2025.",
            field="date",
        ) from None


def _plan_item_id(db: Database, plan_id: int, model: Any, column: Any, value: str) -> int | None:
    with db.read() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(
                f"Không có kế hoạch mã {plan_id}; hãy xem danh sách bằng lệnh “kh57 plans”."
            )
        found = s.scalars(
            select(model.id).where(model.plan_id == plan_id, column == value.strip())
        ).first()
        return int(found) if found is not None else None


def enter_progress(
    db: Database, *, plan_id: int, period_key: str, task_number: str, data: ProgressInput
) -> dict[str, Any]:
    """Record the progress of the task numbered *task_number*; the stored entry as JSON."""
    period = period_from_key(period_key)
    task_id = _plan_item_id(db, plan_id, Task, Task.number, task_number)
    if task_id is None:
        raise NotFoundError(
            f"Kế hoạch không có nhiệm vụ số “{task_number}”; hãy xem số nhiệm vụ bằng lệnh "
            f"“kh57 tasks {plan_id}”."
        )
    record_progress(db, task_id=task_id, period_key=period.key, data=data)
    row = next(t for t in task_statuses(db, plan_id, period.key) if t.task_id == task_id)
    return {
        "task": row.number,
        "period": period.key,
        "status": row.entered_label,
        "status_code": row.entered,
        "official_status": row.official_text,
        "percent": row.percent,
        "result": row.result_text,
        "completed_on": row.completed_on.isoformat() if row.completed_on else None,
        "reason": row.reason,
    }


def normalise_value(text: str) -> str:
    """A typed number written the Vietnamese way ("50.5" → "50,5", "80 %" → "80%");
    words are kept as typed."""
    text = " ".join(text.split())
    number = parse_actual_value(text)
    if number is None:
        return text
    return format_number_vi(number) + ("%" if text.endswith("%") else "")


def enter_value(
    db: Database,
    *,
    plan_id: int,
    period_key: str,
    code: str,
    value: str,
    source: str = "",
    note: str = "",
) -> dict[str, Any]:
    """Record the value of the indicator coded *code*; the stored entry as JSON."""
    period = period_from_key(period_key)
    indicator_id = _plan_item_id(db, plan_id, Indicator, Indicator.code, code)
    if indicator_id is None:
        raise NotFoundError(
            f"Kế hoạch không có chỉ tiêu mã “{code}”; hãy xem mã chỉ tiêu bằng lệnh "
            f"“kh57 indicators {plan_id}”."
        )
    data = ResultInput(actual_text=normalise_value(value), source=source, note=note)
    record_result(db, indicator_id=indicator_id, period_key=period.key, data=data)
    row = next(
        i for i in indicator_results(db, plan_id, period.key) if i.indicator_id == indicator_id
    )
    return {
        "indicator": row.code,
        "period": period.key,
        "value": row.actual_text,
        "number": row.actual_value,
        "unit": row.unit,
        "source": row.source,
        "target": row.target_text,
        "attainment": row.attainment if row.attainment in ("Đạt", "Chưa đạt") else None,
        "warning": row.warning,
    }


def report_data(view: ReportView) -> dict[str, Any]:
    """data.json of a bundle (``resources/schemas/report-data.v1.json``)."""
    from app.bundle import summarize

    p = view.period
    tasks = [_task_json(t) for t in view.tasks]
    indicators = [_indicator_json(i) for i in view.indicators]
    return {
        "format": "kh57-report-data",
        "version": 1,
        "commune": {"name": view.commune, "province": view.province},
        "plan": {
            "number": view.plan_number,
            "title": view.plan_title,
            "start_year": view.plan_years[0],
            "end_year": view.plan_years[1],
        },
        "period": {
            "key": p.key,
            "kind": p.kind,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "year": p.year,
        },
        "report": {
            "number": view.number or None,
            "issue_date": view.issue_date.isoformat() if view.issue_date else None,
            "revision": view.revision,
            "sections": dict(view.sections),
        },
        "tasks": tasks,
        "indicators": indicators,
        "summary": {**summarize(tasks, indicators), "tasks_overdue": view.counts["overdue"]},
    }


def _task_json(t: TaskStatusRow) -> dict[str, Any]:
    return {
        "number": t.number,
        "group": t.group,
        "name": t.name,
        "lead": t.lead,
        "result_expected": t.result_expected,
        "deadline": t.deadline,
        "deadline_due": t.due.isoformat() if t.due else None,
        "status_code": t.entered
        or ("done" if t.official_code.startswith("done") else "not_started"),
        "status_text": t.official_text,
        "percent": t.percent,
        "result_text": t.result_text,
        "evidence": t.evidence,
        "note": t.note,
    }


def _indicator_json(i: IndicatorResultRow) -> dict[str, Any]:
    return {
        "code": i.code,
        "catalogue_code": i.catalogue_code,
        "group": i.group,
        "name": i.name,
        "unit": i.unit,
        "target_year": i.target_year,
        "target_text": i.target_text,
        "target_op": i.target_op,
        "target_value": i.target_value,
        "actual_text": i.actual_text,
        "actual_value": i.actual_value,
        "attainment": i.attainment,
        "source": i.source,
        "note": i.note,
    }
