"""The commune report for a period: compile, narrative draft, lock, data for bundles."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Plan, Report, ReportRegime, Task
from app.models.base import utcnow
from app.periods import (
    PeriodKind,
    ReportPeriod,
    SendingRule,
    due_status,
    parse_sending_rules,
    period_containing,
    period_from_key,
)
from app.services import Changes
from app.services.commune import get_profile
from app.services.progress_entry import (
    IndicatorResultRow,
    TaskStatusRow,
    indicator_results,
    task_statuses,
)

REGIME_KINDS: tuple[PeriodKind, ...] = ("monthly", "quarterly", "half_year", "yearly")
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
    from app.periods import parse_sending_rule

    parsed: dict[str, SendingRule | None] = {
        k: v for k, v in parse_sending_rules(plan.organisation).items()
    }
    for r in regimes:
        if r.sending_rule:
            parsed[r.kind] = parse_sending_rule(r.sending_rule)
    return parsed


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
        disabled = {r.kind for r in own if not r.enabled}
        for kind in REGIME_KINDS:
            if kind in disabled or (kind not in rules and kind not in ("monthly",)):
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


def draft_sections(
    period: ReportPeriod, tasks: list[TaskStatusRow], inds: list[IndicatorResultRow]
) -> dict[str, str]:
    """A first draft of the narrative from the figures; the officer edits it."""
    c = _counts(tasks, inds)
    late = [t for t in tasks if t.official_code in ("in_progress_late", "not_started_late")]
    results = (
        f"Trong kỳ báo cáo ({period.label_vi}), kế hoạch có {c['tasks']} nhiệm vụ: "
        f"{c['done']} nhiệm vụ đã hoàn thành ({c['done_on_time']} đúng hạn, "
        f"{c['done_late']} quá hạn), {c['in_progress']} nhiệm vụ đang thực hiện, "
        f"{c['not_started']} nhiệm vụ chưa thực hiện"
        + (f", {c['paused']} nhiệm vụ tạm dừng" if c["paused"] else "")
        + (f", {c['cancelled']} nhiệm vụ không thực hiện" if c["cancelled"] else "")
        + f". Về chỉ tiêu, {c['reached']}/"
        f"{c['indicators']} chỉ tiêu đạt, {c['not_reached']} chỉ tiêu chưa đạt."
    )
    if late:
        names = "; ".join(f"{t.number}. {t.name}" for t in late[:10])
        shortcomings = f"Còn {len(late)} nhiệm vụ quá hạn chưa hoàn thành: {names}."
    else:
        shortcomings = "Không có nhiệm vụ quá hạn."
    open_tasks = [t for t in tasks if not t.official_code.startswith("done")][:10]
    next_tasks = (
        "Tiếp tục triển khai các nhiệm vụ: "
        + "; ".join(f"{t.number}. {t.name}" for t in open_tasks)
        + "."
        if open_tasks
        else "Duy trì kết quả đã đạt được."
    )
    return {
        "results": results,
        "shortcomings": shortcomings,
        "next_tasks": next_tasks,
        "proposals": "",
    }


def compile_report(db: Database, *, plan_id: int, period_key: str) -> ReportSummary:
    """Create (or refresh) the report of a period; a locked report is left as it is."""
    period = period_from_key(period_key)
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
                **draft_sections(period, tasks, inds),
            )
            s.add(report)
        s.flush()
        return _summary(report, period, _counts(tasks, inds))


@dataclass(frozen=True, slots=True)
class ReportRef:
    report_id: int
    period_key: str
    status: str  # draft | locked | issued
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
    """Freeze the report for sending: its data no longer follows later edits."""
    with db.begin() as s:
        report = _report(s, report_id)
        report.status = "locked"
        report.locked_at = utcnow()
    return Changes(reports=True)


def unlock_report(db: Database, report_id: int) -> Changes:
    """Open a locked report again as a new revision (the sent one stays as sent)."""
    with db.begin() as s:
        report = _report(s, report_id)
        if report.status != "draft":
            report.status = "draft"
            report.revision += 1
            report.locked_at = None
    return Changes(reports=True)


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


def report_view(db: Database, report_id: int) -> ReportView:
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
    period = period_from_key(period_key)
    profile = get_profile(db)
    tasks = task_statuses(db, plan_info[0], period.key)
    inds = indicator_results(db, plan_info[0], period.key)
    return ReportView(
        report_id=report_id,
        title=head[0],
        number=head[1],
        issue_date=head[2],
        revision=head[3],
        status=head[4],
        kinh_gui=kinh_gui,
        sections=sections,
        period=period,
        plan_id=plan_info[0],
        plan_number=plan_info[1],
        plan_title=plan_info[2],
        plan_years=plan_info[3],
        commune=plan_info[4] or (profile.name if profile else ""),
        province=profile.province if profile else "",
        tasks=tasks,
        indicators=inds,
        counts=_counts(tasks, inds),
    )


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
