"""The Báo cáo screen's period choice: what a plan's periods are, how a period reads in
the combo ("Tháng 9/2025 — Nháp — hạn 15/09"), and the combo's filling."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtWidgets import QComboBox

from app.periods import (
    PeriodKind,
    ReportPeriod,
    SendingRule,
    period_containing,
    periods_between,
    sending_deadline,
)
from app.services.regimes import Regime, plan_regimes
from app.services.reports import ReportRef, plan_report_years, plan_reports
from app.ui.context import AppContext
from app.ui.pages.reports.common import REPORT_STATES, days_text, fmt_date

REQUESTED_PERIOD = "kh57_report_period"
"""A dynamic property of the AppContext: a period key another screen asks to show."""


@dataclass(frozen=True, slots=True)
class PlanPeriods:
    plan_id: int
    years: tuple[int, int]
    reports: dict[str, ReportRef]
    regimes: dict[PeriodKind, Regime] = field(default_factory=dict)

    def rule(self, kind: str) -> SendingRule | None:
        regime = self.regimes.get(kind)  # type: ignore[call-overload]
        return regime.rule if regime is not None else None


def load_plan_periods(ctx: AppContext, plan_id: int) -> PlanPeriods:
    this_year = date.today().year
    years = plan_report_years(ctx.db, plan_id) or (this_year, this_year)
    span = (min(years[0], this_year), max(years[1], this_year))
    return PlanPeriods(plan_id, span, plan_reports(ctx.db, plan_id), plan_regimes(ctx.db, plan_id))


def period_text(
    period: ReportPeriod,
    ref: ReportRef | None,
    rule: SendingRule | None = None,
    today: date | None = None,
) -> str:
    """ "Tháng 9/2025 — Nháp — hạn 15/09, quá hạn 3 ngày": state and sending deadline (its
    year only when it is not the period's, so the line fits a 1366-pixel screen)."""
    state = REPORT_STATES.get(ref.status, ref.status) if ref is not None else "Chưa lập"
    if ref is not None and ref.revision > 1:
        state += f" (lần {ref.revision})"
    deadline = sending_deadline(period, rule)
    shown = f"{deadline:%d/%m}" if deadline.year == period.end.year else fmt_date(deadline)
    due = f"hạn {shown}"
    if today is not None and (ref is None or ref.status not in ("sent", "issued")):
        due += f", {days_text((deadline - today).days)}"
    return f"{period.label_vi} — {state} — {due}"


class PeriodChoice:
    """The kind and period combos of :class:`ReportsPage` (a mixin: the page holds the
    widgets and says which plan is chosen and what a period change does)."""

    ctx: AppContext
    plan_periods: PlanPeriods | None
    kind_combo: QComboBox
    period_combo: QComboBox

    def plan_id(self) -> int | None:
        raise NotImplementedError

    def on_period_combo_changed(self) -> None:
        raise NotImplementedError

    def kind(self) -> PeriodKind:
        return self.kind_combo.currentData()

    def period_key(self) -> str:
        return str(self.period_combo.currentData() or "")

    def periods(self) -> list[ReportPeriod]:
        if self.plan_periods is None:
            return []
        if self.kind() == "adhoc":  # only the ones the officer made ("Báo cáo đột xuất…")
            from app.periods import period_from_key

            keys = sorted(k for k in self.plan_periods.reports if k.startswith("adhoc-"))
            return [period_from_key(k) for k in keys]
        first, last = self.plan_periods.years
        return periods_between(self.kind(), first, last, include_second_half=True)

    def _fill_periods(self, keep: str | None) -> None:
        periods = self.periods()
        reports = self.plan_periods.reports if self.plan_periods else {}
        wanted = keep or self._requested() or self._default_key(periods)
        keys = [p.key for p in periods]
        if wanted not in keys and periods:
            wanted = keys[-1] if wanted > keys[-1] else keys[0]
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        rule, today = self._rule(), date.today()
        for p in periods:
            self.period_combo.addItem(period_text(p, reports.get(p.key), rule, today), p.key)
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(wanted)))
        self.period_combo.blockSignals(False)
        self.period_combo.setToolTip(self.period_combo.currentText())
        self.on_period_combo_changed()

    def _default_key(self, periods: list[ReportPeriod]) -> str:
        if self.kind() == "adhoc":
            return periods[-1].key if periods else ""
        return period_containing(self.kind(), date.today()).key

    def _requested(self) -> str | None:
        key = self.ctx.property(REQUESTED_PERIOD)
        if not key:
            return None
        self.ctx.setProperty(REQUESTED_PERIOD, "")
        from app.periods import period_from_key

        kind = period_from_key(str(key)).kind
        index = self.kind_combo.findData(kind)
        if index >= 0 and index != self.kind_combo.currentIndex():
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(index)
            self.kind_combo.blockSignals(False)
        return str(key)

    def _rule(self) -> SendingRule | None:
        """The sending rule of the selected kind of report (None: the cut-off day)."""
        return self.plan_periods.rule(self.kind()) if self.plan_periods else None

    def _matrix_keys(self, key: str) -> list[str]:
        """The units matrix shows the periods of the selected one's year (all years: Năm)."""
        periods = self.periods()
        if self.kind() == "yearly":
            return [p.key for p in periods]
        year = next((p.year for p in periods if p.key == key), None)
        return [p.key for p in periods if p.year == year]

    def _relabel(self, loaded: PlanPeriods) -> None:
        if loaded.plan_id != self.plan_id():
            return
        old_rule = self._rule()
        self.plan_periods = loaded
        if self._rule() != old_rule:
            self._fill_periods(self.period_key())  # deadlines moved: the units matrix too
            return
        periods = {p.key: p for p in self.periods()}
        rule, today = self._rule(), date.today()
        for i in range(self.period_combo.count()):
            key = str(self.period_combo.itemData(i))
            if key in periods:
                text = period_text(periods[key], loaded.reports.get(key), rule, today)
                self.period_combo.setItemText(i, text)
