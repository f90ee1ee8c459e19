"""Báo cáo: plan and period pickers over four tabs (tasks, indicators, units, the report)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import Changes
from app.services.plans import PlanRow, list_plans
from app.services.regimes import RegimeChange, RegimeRow, list_regimes, save_regimes
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports.common import KIND_CHOICES
from app.ui.pages.reports.indicators_tab import IndicatorsTab
from app.ui.pages.reports.periods import (
    REQUESTED_PERIOD,
    PeriodChoice,
    PlanPeriods,
    load_plan_periods,
    period_text,
)
from app.ui.pages.reports.report_tab import ReportTab
from app.ui.pages.reports.tasks_tab import TasksTab
from app.ui.pages.reports.units_tab import UnitsTab

__all__ = [
    "REQUESTED_PERIOD",
    "PlanPeriods",
    "ReportsPage",
    "load_plan_periods",
    "period_text",
]


class ReportsPage(PeriodChoice, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_periods: PlanPeriods | None = None
        self._build_combos()
        self._build_buttons()
        self._build_tabs()
        self._build_header()
        self.plan_combo.currentIndexChanged.connect(self.on_plan_combo_changed)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_combo_changed)
        self.period_combo.currentIndexChanged.connect(self.on_period_combo_changed)
        for combo in (self.plan_combo, self.period_combo):
            combo.currentTextChanged.connect(combo.setToolTip)
            combo.setToolTip(combo.currentText())
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_filter)
        ctx.changed.connect(self.on_changed)
        ctx.plan_selected.connect(self.on_plan_selected)
        self.load_plans()

    def _build_combos(self) -> None:
        self.plan_combo = QComboBox()
        self.plan_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.plan_combo.setMinimumContentsLength(16)
        self.kind_combo = QComboBox()
        for kind, label in KIND_CHOICES:
            self.kind_combo.addItem(label, kind)
        self.period_combo = QComboBox()
        self.period_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # "Tháng 12/2025 — Đã chốt — hạn …" fits 1366 px; the whole line is in the tooltip
        self.period_combo.setMinimumContentsLength(38)
        self.period_combo.setMaxVisibleItems(14)
        saved_kind = QSettings().value("reports/kind", "monthly")
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(saved_kind)))

    def _build_buttons(self) -> None:
        self.regimes_button = QPushButton("Chế độ báo cáo…")
        self.regimes_button.setToolTip("Các loại báo cáo của kế hoạch và hạn gửi từng loại")
        self.regimes_button.clicked.connect(self.on_regimes_clicked)
        self.adhoc_button = QPushButton("Báo cáo đột xuất…")
        self.adhoc_button.setToolTip("Lập báo cáo cho một khoảng thời gian do cấp trên yêu cầu")
        self.adhoc_button.clicked.connect(self.on_adhoc_clicked)

    def _build_tabs(self) -> None:
        self.tasks = TasksTab(self.ctx)
        self.indicators = IndicatorsTab(self.ctx)
        self.units = UnitsTab(self.ctx)
        self.report = ReportTab(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tasks, "Tiến độ nhiệm vụ")
        self.tabs.addTab(self.indicators, "Kết quả chỉ tiêu")
        self.tabs.addTab(self.units, "Đơn vị báo cáo")
        self.tabs.addTab(self.report, "Báo cáo của xã")
        self.tabs.setCurrentIndex(int(str(QSettings().value("reports/tab", 0))))
        self.tabs.currentChanged.connect(lambda i: QSettings().setValue("reports/tab", i))
        for tab in (self.tasks, self.indicators, self.units, self.report):
            tab.changed.connect(self.ctx.changed.emit)

    def _build_header(self) -> None:
        top = QHBoxLayout()
        for text, combo in (
            ("&Kế hoạch:", self.plan_combo),
            ("&Loại kỳ:", self.kind_combo),
            ("K&ỳ báo cáo:", self.period_combo),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            top.addWidget(label)
            top.addWidget(combo, 2 if combo is self.plan_combo else 0)
        top.addStretch(1)
        top.addWidget(self.adhoc_button)
        top.addWidget(self.regimes_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Báo cáo</h2>"))
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # ------------------------------------------------------------ plans

    def load_plans(self) -> None:
        DbOp(self, lambda: list_plans(self.ctx.db)).success(self._show_plans).run()

    def _show_plans(self, plans: list[PlanRow]) -> None:
        wanted = self.ctx.current_plan_id or self.plan_id()
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for p in plans:
            title = f"{p.number} — {p.title}" if p.number else p.title
            self.plan_combo.addItem(title, p.id)
            self.plan_combo.setItemData(
                self.plan_combo.count() - 1, f"{p.title} ({p.commune})", Qt.ItemDataRole.ToolTipRole
            )
        self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(wanted)))
        self.plan_combo.blockSignals(False)
        self.plan_combo.setToolTip(self.plan_combo.currentText())
        self.on_plan_combo_changed()

    def plan_id(self) -> int | None:
        data = self.plan_combo.currentData()
        return int(data) if data is not None else None

    def on_plan_selected(self, plan_id: int) -> None:
        index = self.plan_combo.findData(plan_id)
        if index >= 0 and index != self.plan_combo.currentIndex():
            self.plan_combo.setCurrentIndex(index)
        elif index < 0:
            self.load_plans()

    def on_plan_combo_changed(self) -> None:
        plan_id = self.plan_id()
        if plan_id is None:
            self.plan_periods = None
            self._fill_periods(None)
            return
        self.ctx.select_plan(plan_id)
        DbOp(self, lambda: load_plan_periods(self.ctx, plan_id)).success(self._plan_loaded).run()

    def _plan_loaded(self, loaded: PlanPeriods) -> None:
        if loaded.plan_id != self.plan_id():
            return
        keep = self.period_key() if self.plan_periods is not None else None
        same_plan = self.plan_periods is not None and self.plan_periods.plan_id == loaded.plan_id
        self.plan_periods = loaded
        self._fill_periods(keep if same_plan else None)

    # ------------------------------------------------------------ periods

    def on_kind_combo_changed(self) -> None:
        QSettings().setValue("reports/kind", self.kind())
        self._fill_periods(None)

    def on_period_combo_changed(self) -> None:
        plan_id, key = self.plan_id(), self.period_key()
        self.tasks.set_period(plan_id, key)
        self.indicators.set_period(plan_id, key)
        self.report.set_period(plan_id, key)
        self.units.set_period(plan_id, key, self._matrix_keys(key), self._rule())

    def on_adhoc_clicked(self) -> None:
        """Ask for the window, compile the ad hoc report and show it."""
        from app.services.reports import compile_report
        from app.ui.pages.reports.adhoc_dialog import AdhocDialog

        plan_id = self.plan_id()
        if plan_id is None:
            return
        dialog = AdhocDialog(self)
        if not dialog.exec() or dialog.period is None:
            return
        key = dialog.period.key

        def compiled(_summary: object) -> None:
            self.ctx.changed.emit(Changes(reports=True))
            DbOp(self, lambda: load_plan_periods(self.ctx, plan_id)).success(
                lambda loaded: self._show_adhoc(loaded, key)
            ).run()

        DbOp(self, lambda: compile_report(self.ctx.db, plan_id=plan_id, period_key=key)).success(
            compiled
        ).run()

    def _show_adhoc(self, loaded: PlanPeriods, key: str) -> None:
        """Switch to the ad hoc periods, the just compiled one (*key*) selected."""
        self.plan_periods = loaded
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("adhoc"))
        self.kind_combo.blockSignals(False)
        self._fill_periods(key)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.ctx.property(REQUESTED_PERIOD) and self.plan_periods is not None:
            self._fill_periods(None)

    # ------------------------------------------------------------ refresh

    def on_changed(self, changes: Changes) -> None:
        if changes.plans:
            self.load_plans()
            return
        if changes.tasks or changes.reports:
            self.tasks.refresh()
        if changes.indicators or changes.reports:
            self.indicators.refresh()
        if changes.tasks or changes.reports or changes.units:
            self.units.refresh()
        if changes.reports:
            self.report.refresh()
            plan_id = self.plan_id()
            if plan_id is not None:
                DbOp(self, lambda: load_plan_periods(self.ctx, plan_id)).success(
                    self._relabel
                ).run()

    # ------------------------------------------------------------ regimes

    def on_regimes_clicked(self) -> None:
        plan_id = self.plan_id()
        if plan_id is None:
            return
        DbOp(self, lambda: list_regimes(self.ctx.db, plan_id)).success(
            lambda rows: self._edit_regimes(plan_id, rows)
        ).run()

    def _edit_regimes(self, plan_id: int, rows: list[RegimeRow]) -> None:
        from app.ui.pages.reports.regimes_dialog import RegimesDialog

        db = self.ctx.db

        def save(changes: list[RegimeChange]) -> Changes:
            return save_regimes(db, plan_id, changes)

        dialog = RegimesDialog(
            rows,
            plan_title=self.plan_combo.currentText(),
            today=date.today(),
            save=save,
            parent=self,
        )
        if dialog.exec() and dialog.saved is not None:
            self.ctx.changed.emit(dialog.saved)

    def focus_filter(self) -> None:
        tab = self.tabs.currentWidget()
        line = getattr(tab, "filter", None)
        if line is not None:
            line.setFocus()
            line.selectAll()
