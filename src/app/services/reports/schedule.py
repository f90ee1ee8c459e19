"""Which reports a plan has and which are due: regimes, deadlines, compiled periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.db import Database
from app.errors import ValidationError
from app.models import Plan, Report, ReportRegime, Task
from app.periods import PeriodKind, ReportPeriod, SendingRule, due_status, period_containing
from app.services import Changes
from app.services.reports.common import REGIME_KINDS


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


def _rules_for(organisation: str, regimes: list[ReportRegime]) -> dict[str, SendingRule | None]:
    """Each enabled regime's sending rule (None: the cut-off day); see app.services.regimes."""
    from app.services.regimes import resolve_regimes

    return {kind: r.rule for kind, r in resolve_regimes(organisation, regimes).items() if r.enabled}


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
        plans = s.execute(select(Plan.id, Plan.title, Plan.organisation).order_by(Plan.id)).all()
        regimes = s.scalars(select(ReportRegime)).all()
        current = {kind: _current_period(kind, today) for kind in REGIME_KINDS}
        keys = [p.key for p in current.values()]
        compiled = {
            (pid, key)
            for pid, key in s.execute(
                select(Report.plan_id, Report.period_key).where(Report.period_key.in_(keys))
            )
        }
    by_plan: dict[int, list[ReportRegime]] = {}
    for regime in regimes:
        by_plan.setdefault(regime.plan_id, []).append(regime)
    # the rules depend only on the plan's words and the officer's rows, which most plans
    # share: each combination is read (parsed) once
    known: dict[tuple[str, tuple[tuple[str, bool, str], ...]], dict[str, SendingRule | None]] = {}
    for plan_id, title, organisation in plans:
        own = by_plan.get(plan_id, [])
        key = (organisation, tuple((r.kind, r.enabled, r.sending_rule) for r in own))
        rules = known.get(key)
        if rules is None:
            rules = known[key] = _rules_for(organisation, own)
        for kind in REGIME_KINDS:
            if kind not in rules:
                continue
            period = current[kind]
            done = (plan_id, period.key) in compiled
            out.append(
                _due(
                    plan_id,
                    title,
                    period,
                    kind=kind,
                    rule=rules.get(kind),
                    today=today,
                    compiled=done,
                )
            )
    return sorted(out, key=lambda d: d.deadline)


def _due(
    plan_id: int,
    plan_title: str,
    period: ReportPeriod,
    *,
    kind: str,
    rule: SendingRule | None,
    today: date,
    compiled: bool,
) -> DueReport:
    info = due_status(period, rule, today)
    return DueReport(
        plan_id=plan_id,
        plan_title=plan_title,
        period_key=period.key,
        period_label=period.label_vi,
        kind=kind,
        deadline=info.deadline,
        days_left=info.days_left,
        is_late=info.is_late,
        compiled=compiled,
    )


def _current_period(kind: PeriodKind, today: date) -> ReportPeriod:
    """The period whose report is being prepared: the one whose window holds today."""
    return period_containing(kind, today)


def plan_heading(db: Database, plan_id: int | None) -> tuple[int, str, str] | None:
    """(id, number, title) of the plan *plan_id*, else of the first plan (the order of
    ``list_plans``); None without plans. One row, no counting (the dashboard's heading)."""
    with db.read() as s:
        columns = (Plan.id, Plan.number, Plan.title)
        row = None
        if plan_id is not None:
            row = s.execute(select(*columns).where(Plan.id == plan_id)).first()
        if row is None:
            row = s.execute(select(*columns).order_by(Plan.id).limit(1)).first()
        return (row[0], row[1], row[2]) if row is not None else None


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
