"""Tổng quan: reports due, overdue and coming tasks, tasks by status for the current plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.periods import period_containing
from app.progress import OFFICIAL_TEXTS
from app.services import Changes
from app.services.plans import list_plans
from app.services.progress_entry import TaskStatusRow, indicator_results, task_statuses
from app.services.reports import DueReport, due_reports
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports.common import (
    LATE_COLOUR,
    REGIME_LABELS,
    RowsModel,
    days_text,
    fmt_date,
    remember_header,
    remember_splitter,
)

SOON_DAYS = 30
BAR_COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#8bc34a",
    "in_progress_on_time": "#1e88e5",
    "in_progress_late": "#fb8c00",
    "not_started": "#9e9e9e",
    "not_started_late": "#c62828",
    "paused": "#8d6e63",
    "cancelled": "#5d4037",
    "waiting_condition": "#b0bec5",
}


@dataclass(frozen=True, slots=True)
class DashboardData:
    due: list[DueReport]
    plan_id: int | None = None
    plan_title: str = ""
    period_label: str = ""
    by_status: dict[str, int] = field(default_factory=dict)
    watch: list[TaskStatusRow] = field(default_factory=list)  # overdue, then due soon
    overdue: int = 0
    soon: int = 0
    indicators: tuple[int, int, int] = (0, 0, 0)  # total, reached, not reached


def load_dashboard(db: Database, plan_id: int | None, today: date) -> DashboardData:
    due = due_reports(db, today)
    plans = list_plans(db)
    plan = next((p for p in plans if p.id == plan_id), plans[0] if plans else None)
    if plan is None:
        return DashboardData(due)
    period = period_containing("monthly", today)
    tasks = task_statuses(db, plan.id, period.key)
    inds = indicator_results(db, plan.id, period_containing("yearly", today).key)
    by_status: dict[str, int] = {code: 0 for code in OFFICIAL_TEXTS}
    for t in tasks:
        by_status[t.official_code] += 1
    overdue = [
        t
        for t in tasks
        if t.official_code in ("in_progress_late", "not_started_late")
        and (t.due is None or t.due < today)
    ]
    soon = [
        t
        for t in tasks
        if t.official_code in ("in_progress_on_time", "not_started", "not_started_late")
        and t.due is not None
        and today <= t.due <= today + timedelta(days=SOON_DAYS)
    ]
    soon.sort(key=lambda t: t.due or today)
    return DashboardData(
        due=due,
        plan_id=plan.id,
        plan_title=f"{plan.number} — {plan.title}" if plan.number else plan.title,
        period_label=period.label_vi,
        by_status=by_status,
        watch=overdue + soon,
        overdue=len(overdue),
        soon=len(soon),
        indicators=(
            len(inds),
            sum(1 for i in inds if i.attainment == "Đạt"),
            sum(1 for i in inds if i.attainment == "Chưa đạt"),
        ),
    )


class DueModel(RowsModel[DueReport]):
    HEADERS = ("Kế hoạch", "Báo cáo", "Kỳ", "Hạn gửi", "Còn lại", "Tình trạng")

    def display(self, row: DueReport, column: int) -> str:
        state = "Đã tổng hợp" if row.compiled else "Chưa tổng hợp"
        kind = REGIME_LABELS.get(row.kind, row.kind)
        left = days_text(row.days_left)
        return (row.plan_title, kind, row.period_label, fmt_date(row.deadline), left, state)[column]

    def extra(self, row: DueReport, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.is_late:
            return QBrush(QColor(LATE_COLOUR))
        return None


class WatchModel(RowsModel[TaskStatusRow]):
    HEADERS = ("TT", "Nhiệm vụ", "Chủ trì", "Hạn", "Tình trạng")

    def display(self, row: TaskStatusRow, column: int) -> str:
        due = fmt_date(row.due) or row.deadline
        return (row.number, row.name, row.lead, due, row.official_text)[column]

    def extra(self, row: TaskStatusRow, column: int, role: int) -> Any:
        late = row.official_code.endswith("_late")
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and late:
            return QBrush(QColor(LATE_COLOUR))
        return None


class StatusBars(QWidget):
    """Horizontal bars: how many tasks have each official status."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}
        self.setMinimumHeight(120)

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = {k: v for k, v in counts.items() if v}
        self.setMinimumHeight(24 * max(1, len(self.counts)) + 8)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 24 * max(1, len(self.counts)) + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.counts:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có nhiệm vụ.")
            return
        label_w, top, most = 210, 4, max(self.counts.values())
        bar_w = max(40, self.width() - label_w - 50)
        for code, n in self.counts.items():
            painter.setPen(self.palette().text().color())
            text_rect = QRectF(0, top, label_w - 8, 20)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(text_rect, align, OFFICIAL_TEXTS[code])  # type: ignore[index]
            width = bar_w * n / most
            painter.fillRect(QRectF(label_w, top + 3, width, 14), QColor(BAR_COLOURS[code]))
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(QRectF(label_w + width + 6, top, 44, 20), left, str(n))
            top += 24


def _table(model: RowsModel[Any], key: str, stretch: int, widths: dict[int, int]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)  # one line a row; the whole text is in the tooltip
    view.verticalHeader().setVisible(False)
    for column, width in widths.items():
        view.setColumnWidth(column, width)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    remember_header(view.horizontalHeader(), key)
    return view


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data = DashboardData([])
        self.due_model, self.watch_model = DueModel(), WatchModel()
        self.due_table = _table(
            self.due_model,
            "dashboard/due/header",
            0,
            {1: 150, 2: 120, 3: 100, 4: 120, 5: 130},
        )
        self.due_table.clicked.connect(self.on_due_table_clicked)
        self.due_table.activated.connect(self.on_due_table_clicked)
        self.watch_table = _table(
            self.watch_model, "dashboard/watch/header", 1, {0: 48, 2: 180, 3: 100, 4: 190}
        )
        self.watch_table.clicked.connect(lambda _ix: self.open_reports(self.data.plan_id, None))
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.tiles = QLabel()
        self.tiles.setTextFormat(Qt.TextFormat.RichText)
        self.bars = StatusBars()
        upper = QWidget()
        up = QVBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)
        up.addWidget(QLabel("<b>Báo cáo đến hạn</b> — bấm vào một dòng để mở báo cáo"))
        up.addWidget(self.due_table)
        lower = QWidget()
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        low.addWidget(self.plan_label)
        row = QHBoxLayout()
        row.addWidget(self.tiles, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.bars, 1)
        low.addLayout(row)
        low.addWidget(QLabel(f"<b>Nhiệm vụ quá hạn và đến hạn trong {SOON_DAYS} ngày</b>"))
        low.addWidget(self.watch_table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([150, 450])
        remember_splitter(self.splitter, "dashboard/splitter")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Tổng quan</h2>"))
        layout.addWidget(self.splitter, 1)
        ctx.changed.connect(self.on_changed)
        ctx.plan_selected.connect(lambda _id: self.refresh())
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.plans or changes.tasks or changes.indicators or changes.reports:
            self.refresh()

    def refresh(self) -> None:
        plan_id, today = self.ctx.current_plan_id, date.today()
        DbOp(self, lambda: load_dashboard(self.ctx.db, plan_id, today)).success(self._show).run()

    def _show(self, data: DashboardData) -> None:
        self.data = data
        self.due_model.set_rows(data.due)
        self.watch_model.set_rows(data.watch)
        self.bars.set_counts(data.by_status)
        if data.plan_id is None:
            self.plan_label.setText("Chưa có kế hoạch. Hãy nhập kế hoạch ở màn hình Kế hoạch.")
            self.tiles.setText("")
            return
        period = data.period_label[:1].lower() + data.period_label[1:]
        self.plan_label.setText(f"<b>{data.plan_title}</b> — tình hình kỳ báo cáo {period}")
        total = sum(data.by_status.values())
        done = data.by_status["done_on_time"] + data.by_status["done_late"]
        n_ind, reached, missed = data.indicators
        late = f"<span style='color:{LATE_COLOUR}'><b>{data.overdue}</b></span>"
        self.tiles.setText(
            f"Nhiệm vụ quá hạn: {late}<br>"
            f"Đến hạn trong {SOON_DAYS} ngày: <b>{data.soon}</b><br>"
            f"Đã hoàn thành: <b>{done}/{total}</b><br>"
            f"Chỉ tiêu đạt: <b>{reached}/{n_ind}</b> (chưa đạt {missed})"
        )

    def on_due_table_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            due = self.due_model.rows[index.row()]
            self.open_reports(due.plan_id, due.period_key)

    def open_reports(self, plan_id: int | None, period_key: str | None) -> None:
        """Select the plan (and period) and show the Báo cáo screen."""
        from app.ui.pages.reports.page import REQUESTED_PERIOD

        if period_key:
            self.ctx.setProperty(REQUESTED_PERIOD, period_key)
        if plan_id is not None:
            self.ctx.select_plan(plan_id)
        self.ctx.navigate.emit("Báo cáo")
