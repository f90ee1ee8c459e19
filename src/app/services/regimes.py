"""Report regimes of a plan: which reports are made and when each must be sent.

Three sources, the first that says something wins:

* the officer's settings (``ReportRegime`` rows, written by
  ``app.services.reports.set_regime``) — source "cán bộ";
* the plan's own words (``parse_sending_rules(plan.organisation)``) — source
  "kế hoạch";
* the defaults — source "mặc định": the monthly report is made, the others
  only when the plan or the officer asks for them; with no rule the report is
  due on the period's cut-off day.

Whether a regime is on follows the same order: an officer's row decides, else
a regime the plan gives a deadline for is on, else only the monthly one is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import select

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Plan, ReportRegime
from app.periods import (
    PERIOD_KINDS,
    PeriodKind,
    ReportPeriod,
    SendingRule,
    next_period,
    parse_sending_rule,
    parse_sending_rules,
    period_containing,
    previous_period,
    sending_deadline,
)
from app.services import Changes

RegimeSource = Literal["kế hoạch", "cán bộ", "mặc định"]
DIALOG_KINDS: tuple[PeriodKind, ...] = PERIOD_KINDS  # monthly … yearly, then adhoc
REGIME_TITLES: dict[str, str] = {
    "monthly": "Báo cáo tháng",
    "quarterly": "Báo cáo quý",
    "half_year": "Báo cáo 6 tháng",
    "yearly": "Báo cáo năm",
    "adhoc": "Báo cáo đột xuất",
}
DEFAULT_ON: frozenset[str] = frozenset({"monthly"})
NO_RULE_TEXT = "Ngày chốt số liệu của kỳ"


@dataclass(frozen=True, slots=True)
class Regime:
    """One regime as it applies: on or off, its rule (None: the cut-off day), sources."""

    kind: PeriodKind
    enabled: bool
    rule: SendingRule | None
    source: RegimeSource  # where the sending rule comes from
    plan_rule: SendingRule | None  # what the plan's words say, for "back to the plan"


@dataclass(frozen=True, slots=True)
class RegimeRow:
    kind: str
    label: str
    enabled: bool
    sending_rule_text: str  # the words ("" when none: the cut-off day)
    source: RegimeSource
    next_period_label: str  # "" for ad hoc reports (created on request)
    next_deadline: date | None
    plan_rule_text: str = ""


def resolve_regimes(organisation: str, overrides: list[ReportRegime]) -> dict[PeriodKind, Regime]:
    """Every kind's regime from the plan's words and the officer's rows."""
    from_plan = parse_sending_rules(organisation or "")
    rows = {r.kind: r for r in overrides}
    out: dict[PeriodKind, Regime] = {}
    for kind in PERIOD_KINDS:
        plan_rule = from_plan.get(kind)
        row = rows.get(kind)
        own = parse_sending_rule(row.sending_rule) if row and row.sending_rule else None
        if own is not None:
            rule, source = own, "cán bộ"
        elif plan_rule is not None:
            rule, source = plan_rule, "kế hoạch"
        else:
            rule, source = None, "mặc định"
        if row is not None:
            enabled = bool(row.enabled)
        else:
            enabled = kind != "adhoc" and (plan_rule is not None or kind in DEFAULT_ON)
        out[kind] = Regime(kind, enabled, rule, source, plan_rule)  # type: ignore[arg-type]
    return out


def plan_regimes(db: Database, plan_id: int) -> dict[PeriodKind, Regime]:
    with db.read() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; hãy tải lại danh sách.")
        rows = list(s.scalars(select(ReportRegime).where(ReportRegime.plan_id == plan_id)))
        return resolve_regimes(plan.organisation, rows)


def regime_rule(db: Database, plan_id: int, kind: str) -> SendingRule | None:
    """The sending rule of a plan's *kind* of report (None: the cut-off day)."""
    regime = plan_regimes(db, plan_id).get(kind)  # type: ignore[call-overload]
    return regime.rule if regime is not None else None


def next_due(kind: PeriodKind, rule: SendingRule | None, today: date) -> ReportPeriod | None:
    """The first period of *kind* whose report is not yet past its deadline at *today*.

    Half-year regimes give the first-half report (the decree's 6-month report);
    ad hoc reports are made on request: None.
    """
    if kind == "adhoc":
        return None
    period = previous_period(period_containing(kind, today))
    for _ in range(30):
        second_half = kind == "half_year" and period.index == 2
        if not second_half and sending_deadline(period, rule) >= today:
            return period
        period = next_period(period)
    return None


def deadlines_between(
    kind: PeriodKind, rule: SendingRule | None, first: date, last: date
) -> list[tuple[ReportPeriod, date]]:
    """(period, deadline) of each report of *kind* due from *first* to *last*."""
    out: list[tuple[ReportPeriod, date]] = []
    period = next_due(kind, rule, first)
    while period is not None:
        deadline = sending_deadline(period, rule)
        if deadline > last:
            break
        out.append((period, deadline))
        period = next_due(kind, rule, deadline + timedelta(days=1))
    return out


def regime_row(kind: PeriodKind, regime: Regime, today: date) -> RegimeRow:
    period = next_due(kind, regime.rule, today)
    return RegimeRow(
        kind=kind,
        label=REGIME_TITLES[kind],
        enabled=regime.enabled,
        sending_rule_text=regime.rule.describe_vi() if regime.rule else "",
        source=regime.source,
        next_period_label=period.label_vi if period else "",
        next_deadline=sending_deadline(period, regime.rule) if period else None,
        plan_rule_text=regime.plan_rule.describe_vi() if regime.plan_rule else "",
    )


def list_regimes(db: Database, plan_id: int, today: date | None = None) -> list[RegimeRow]:
    """A plan's five regimes (monthly, quarterly, 6-month, annual, ad hoc), in that order."""
    today = today or date.today()
    regimes = plan_regimes(db, plan_id)
    return [regime_row(kind, regimes[kind], today) for kind in DIALOG_KINDS]


def preview_rule(kind: PeriodKind, text: str, today: date) -> tuple[date | None, str]:
    """The next deadline the words *text* would give, or None and why not (for live display)."""
    rule: SendingRule | None = None
    if text.strip():
        rule = parse_sending_rule(text)
        if rule is None:
            return None, (
                "Không hiểu hạn gửi này; hãy viết như “trước ngày 15 hằng tháng” "
                "hoặc “trước ngày 05/6”."
            )
        if kind in ("monthly", "quarterly") and rule.year is not None:
            return None, "Báo cáo định kỳ không dùng một ngày cố định có năm; hãy bỏ năm."
        if kind == "monthly" and rule.month is not None:
            return (
                None,
                "Báo cáo tháng cần hạn theo ngày trong tháng, như “trước ngày 15 hằng tháng”.",
            )
    if kind == "adhoc":
        if rule is not None and rule.year is not None:
            return sending_deadline(period_containing("monthly", today), rule), ""
        return None, ""
    period = next_due(kind, rule, today)
    return (sending_deadline(period, rule) if period else None), ""


@dataclass(frozen=True, slots=True)
class RegimeChange:
    kind: str
    enabled: bool
    sending_rule: str  # "" keeps the plan's words (or the cut-off day)


def save_regimes(db: Database, plan_id: int, changes: list[RegimeChange]) -> Changes:
    """Store the officer's regimes; every rule is checked before anything is written."""
    from app.services.reports import set_regime

    today = date.today()
    for c in changes:
        if c.kind not in REGIME_TITLES:
            raise ValidationError(f"Loại báo cáo “{c.kind}” không hợp lệ.", field="kind")
        _deadline, problem = preview_rule(c.kind, c.sending_rule, today)  # type: ignore[arg-type]
        if problem:
            raise ValidationError(f"{REGIME_TITLES[c.kind]}: {problem}", field=c.kind)
    for c in changes:
        set_regime(db, plan_id=plan_id, kind=c.kind, enabled=c.enabled, sending_rule=c.sending_rule)
    return Changes(reports=True)
