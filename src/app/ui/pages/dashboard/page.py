"""Tổng quan: the page that lays out the lists and charts and fills them from the data."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from app.services import Changes
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.dashboard.charts import StackedBars
from app.ui.pages.dashboard.data import (
    COMING_DAYS,
    INDICATOR_BANDS,
    SOON_DAYS,
    TASK_BANDS,
    DashboardData,
    load_dashboard,
)
from app.ui.pages.dashboard.models import ComingModel, DueModel, WatchModel, make_table
from app.ui.pages.reports.common import LATE_COLOUR, remember_splitter


def _titled(title: str, widget: QWidget) -> QWidget:
    """*widget* under a bold-able rich-text *title*, without margins."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(title))
    layout.addWidget(widget, 1)
    return box


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data = DashboardData([])
        self._build_tables()
        self._build_summary()
        self._build_layout()
        ctx.changed.connect(self.on_changed)
        ctx.plan_selected.connect(lambda _id: self.refresh())
        self.refresh()

    def _build_tables(self) -> None:
        self.due_model, self.watch_model = DueModel(), WatchModel()
        self.due_table = make_table(
            self.due_model,
            "dashboard/due/header",
            0,
            {1: 150, 2: 120, 3: 100, 4: 120, 5: 130},
        )
        self.due_table.clicked.connect(self.on_due_table_clicked)
        self.due_table.activated.connect(self.on_due_table_clicked)
        self.watch_table = make_table(
            self.watch_model, "dashboard/watch/header", 1, {0: 36, 2: 120, 3: 80, 4: 150}
        )
        self.watch_table.clicked.connect(lambda _ix: self.open_reports(self.data.plan_id, None))
        self.coming_model = ComingModel()
        self.coming_table = make_table(
            self.coming_model, "dashboard/coming/header", 3, {0: 80, 1: 90, 2: 60}
        )
        self.coming_table.activated.connect(self.on_coming_activated)
        self.coming_table.doubleClicked.connect(self.on_coming_activated)

    def _build_summary(self) -> None:
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.tiles = QLabel()
        self.tiles.setTextFormat(Qt.TextFormat.RichText)
        self.task_chart = StackedBars(
            "Nhiệm vụ theo tình trạng, từng nhóm", TASK_BANDS, "Chưa có nhiệm vụ."
        )
        self.indicator_chart = StackedBars(
            "Chỉ tiêu đạt, chưa đạt, chưa đánh giá", INDICATOR_BANDS, "Chưa có chỉ tiêu."
        )

    def _middle(self) -> QWidget:
        """The plan's heading over the tiles and the two charts."""
        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(self.plan_label)
        row = QHBoxLayout()
        row.addWidget(self.tiles, 0, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(12)
        row.addWidget(self.task_chart, 3, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(12)
        row.addWidget(self.indicator_chart, 2, Qt.AlignmentFlag.AlignTop)
        mid.addLayout(row)
        mid.addStretch(1)
        return middle

    def _build_layout(self) -> None:
        upper = QWidget()
        up = QVBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)
        up.addWidget(QLabel("<b>Báo cáo đến hạn</b> — bấm vào một dòng để mở báo cáo"))
        up.addWidget(self.due_table)
        watch_title = f"<b>Nhiệm vụ quá hạn và đến hạn trong {SOON_DAYS} ngày</b>"
        coming_title = f"<b>Các hạn trong {COMING_DAYS} ngày tới</b> (báo cáo, nhiệm vụ)"
        self.lists = QSplitter(Qt.Orientation.Horizontal)
        self.lists.addWidget(_titled(watch_title, self.watch_table))
        self.lists.addWidget(_titled(coming_title, self.coming_table))
        self.lists.setSizes([620, 380])  # the task list needs room for the task names
        remember_splitter(self.lists, "dashboard/lists")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (upper, self._middle(), self.lists):
            self.splitter.addWidget(part)
        self.splitter.setSizes([130, 230, 300])
        remember_splitter(self.splitter, "dashboard/splitter3")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Tổng quan</h2>"))
        layout.addWidget(self.splitter, 1)

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
        self.coming_model.set_rows(data.coming)
        self.task_chart.set_rows(data.task_groups)
        self.indicator_chart.set_rows(data.indicator_groups)
        if data.plan_id is None:
            self.plan_label.setText("Chưa có kế hoạch. Hãy nhập kế hoạch ở màn hình Kế hoạch.")
            self.tiles.setText("")
            return
        period = data.period_label[:1].lower() + data.period_label[1:]
        self.plan_label.setText(f"<b>{data.plan_title}</b> — tình hình kỳ báo cáo {period}")
        self.tiles.setText(_tiles_text(data))

    def on_coming_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_reports(self.data.plan_id, None)

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


def _tiles_text(data: DashboardData) -> str:
    """The counts beside the charts: overdue, due soon, done, indicators reached."""
    total = sum(data.by_status.values())
    done = data.by_status["done_on_time"] + data.by_status["done_late"]
    n_ind, reached, missed = data.indicators
    late = f"<span style='color:{LATE_COLOUR}'><b>{data.overdue}</b></span>"
    return (
        f"Nhiệm vụ quá hạn: {late}<br>"
        f"Đến hạn trong {SOON_DAYS} ngày: <b>{data.soon}</b><br>"
        f"Đã hoàn thành: <b>{done}/{total}</b><br>"
        f"Chỉ tiêu đạt: <b>{reached}/{n_ind}</b> (chưa đạt {missed})"
    )
