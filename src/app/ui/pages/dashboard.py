"""Tổng quan: reports due, charts of the current plan (tasks by status per group, indicators
reached per group) and the deadlines of the coming 60 days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QResizeEvent
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
from app.services.progress_entry import (
    IndicatorResultRow,
    TaskStatusRow,
    indicator_results,
    measured_indicators,
    task_statuses,
)
from app.services.regimes import deadlines_between, plan_regimes
from app.services.reports import DueReport, due_reports, plan_reports
from app.services.reports.schedule import plan_heading
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
COMING_DAYS = 60
# the chart's simpler categories: official status codes → (label, colour)
TASK_BANDS: dict[str, tuple[str, str]] = {
    "done": ("Hoàn thành", "#2e7d32"),
    "doing": ("Đang thực hiện", "#1e88e5"),
    "late": ("Quá hạn", "#c62828"),
    "todo": ("Chưa thực hiện", "#9e9e9e"),
    "stopped": ("Tạm dừng, không thực hiện", "#8d6e63"),
}
TASK_BAND_OF = {
    "done_on_time": "done",
    "done_late": "done",
    "in_progress_on_time": "doing",
    "in_progress_late": "late",
    "not_started_late": "late",
    "not_started": "todo",
    "waiting_condition": "todo",
    "paused": "stopped",
    "cancelled": "stopped",
}
INDICATOR_BANDS: dict[str, tuple[str, str]] = {
    "reached": ("Đạt", "#2e7d32"),
    "missed": ("Chưa đạt", "#c62828"),
    "none": ("Chưa đánh giá", "#b0bec5"),
}


@dataclass(frozen=True, slots=True)
class BarRow:
    """One bar of a stacked chart: its label and the count of each band."""

    label: str
    counts: dict[str, int]
    tooltip: str = ""


@dataclass(frozen=True, slots=True)
class Deadline:
    day: date
    days_left: int
    what: str  # "Báo cáo" | "Nhiệm vụ"
    text: str
    late_risk: bool = False  # a task already running late, a report not compiled


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
    task_groups: list[BarRow] = field(default_factory=list)
    indicator_groups: list[BarRow] = field(default_factory=list)
    coming: list[Deadline] = field(default_factory=list)


def _group_label(group: str | None, title: str | None) -> tuple[str, str]:
    """Short label ("Nhóm I") and the full title for the tooltip."""
    if not group and not title:
        return "Chưa xếp nhóm", ""
    short = f"Nhóm {group}" if group else (title or "")[:18]
    return short, f"{group}. {title}" if group and title else (title or group or "")


def task_bars(tasks: list[TaskStatusRow]) -> list[BarRow]:
    rows: dict[str, tuple[str, dict[str, int]]] = {}
    for t in tasks:
        short, full = _group_label(t.group, t.group_title)
        counts = rows.setdefault(short, (full, dict.fromkeys(TASK_BANDS, 0)))[1]
        counts[TASK_BAND_OF.get(t.official_code, "todo")] += 1
    return [BarRow(k, c, tip) for k, (tip, c) in rows.items()]


def _indicator_band(i: IndicatorResultRow) -> str:
    return {"Đạt": "reached", "Chưa đạt": "missed"}.get(i.attainment or "", "none")


def indicator_bars(inds: list[IndicatorResultRow]) -> list[BarRow]:
    rows: dict[str, dict[str, int]] = {}
    for i in inds:
        label = f"Nhóm {i.group}" if i.group else "Chỉ tiêu"
        rows.setdefault(label, dict.fromkeys(INDICATOR_BANDS, 0))[_indicator_band(i)] += 1
    return [BarRow(k, c) for k, c in rows.items()]


def coming_deadlines(
    db: Database, plan_id: int, tasks: list[TaskStatusRow], today: date
) -> list[Deadline]:
    """The plan's report deadlines and unfinished tasks' due dates in the next 60 days."""
    last = today + timedelta(days=COMING_DAYS)
    out: list[Deadline] = []
    reports = plan_reports(db, plan_id)
    for kind, regime in plan_regimes(db, plan_id).items():
        if not regime.enabled or kind == "adhoc":
            continue
        for period, day in deadlines_between(kind, regime.rule, today, last):
            ref = reports.get(period.key)
            if ref is not None and ref.status in ("sent", "issued"):
                continue
            state = "chưa lập" if ref is None else "chưa gửi"
            urgent = ref is None and day <= today + timedelta(days=7)
            text = f"Báo cáo {period.label_vi[:1].lower()}{period.label_vi[1:]}"
            out.append(Deadline(day, (day - today).days, "Báo cáo", f"{text} ({state})", urgent))
    for t in tasks:
        if t.due is None or not today <= t.due <= last or t.official_code.startswith("done"):
            continue
        if t.official_code in ("paused", "cancelled"):
            continue
        lead = f" — {' '.join(t.lead.split())}" if t.lead.strip() else ""
        late = t.official_code == "not_started_late"
        out.append(
            Deadline(t.due, (t.due - today).days, "Nhiệm vụ", f"{t.number}. {t.name}{lead}", late)
        )
    return sorted(out, key=lambda d: (d.day, d.what != "Báo cáo"))


def load_dashboard(db: Database, plan_id: int | None, today: date) -> DashboardData:
    due = due_reports(db, today)
    plan = plan_heading(db, plan_id)
    if plan is None:
        return DashboardData(due)
    plan_id, number, title = plan
    period = period_containing("monthly", today)
    tasks = task_statuses(db, plan_id, period.key)
    inds = measured_indicators(
        indicator_results(db, plan_id, period_containing("yearly", today).key)
    )
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
        plan_id=plan_id,
        plan_title=f"{number} — {title}" if number else title,
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
        task_groups=task_bars(tasks),
        indicator_groups=indicator_bars(inds),
        coming=coming_deadlines(db, plan_id, tasks, today),
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


class StackedBars(QWidget):
    """Horizontal stacked bars, one per group, with a legend on top; painted, no library."""

    ROW_H = 24
    LEGEND_H = 22

    def __init__(self, title: str, bands: dict[str, tuple[str, str]], empty: str) -> None:
        super().__init__()
        self.title, self.bands, self.empty = title, bands, empty
        self.rows: list[BarRow] = []
        self.setMinimumHeight(self._height())
        self.setMinimumWidth(320)
        self.setMouseTracking(True)

    def _legend(self, width: int) -> list[tuple[float, float, str, str]]:
        """(x, y, label, colour) of each legend item, wrapped to *width*."""
        metrics = self.fontMetrics()
        out, x, y = [], 0.0, 20.0
        for label, colour in self.bands.values():
            item = 16 + metrics.horizontalAdvance(label) + 14
            if x and x + item > width:
                x, y = 0.0, y + self.LEGEND_H
            out.append((x, y, label, colour))
            x += item
        return out

    def _height(self, width: int | None = None) -> int:
        legend = self._legend(width or max(self.width(), 320))
        top = (legend[-1][1] if legend else 20) + self.LEGEND_H
        return int(top) + self.ROW_H * max(1, len(self.rows)) + 8

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.minimumHeight() != self._height():
            self.setMinimumHeight(self._height())

    def set_rows(self, rows: list[BarRow]) -> None:
        self.rows = rows
        self.setMinimumHeight(self._height())
        tips = [
            f"{r.tooltip or r.label}: "
            + ", ".join(f"{self.bands[k][0].lower()} {n}" for k, n in r.counts.items() if n)
            for r in rows
        ]
        self.setToolTip("\n".join(tips))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(460, self._height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text_colour = self.palette().text().color()
        painter.setPen(text_colour)
        bold = painter.font()
        bold.setBold(True)
        plain = painter.font()
        painter.setFont(bold)
        painter.drawText(QRectF(0, 0, self.width(), 18), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(plain)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        metrics = painter.fontMetrics()
        legend = self._legend(self.width())
        for x, y, label, colour in legend:
            painter.fillRect(QRectF(x, y + 4, 12, 12), QColor(colour))
            width = metrics.horizontalAdvance(label) + 10
            painter.drawText(QRectF(x + 16, y, width, 20), left, label)
        top = legend[-1][1] + self.LEGEND_H
        if not self.rows:
            painter.drawText(QRectF(0, top, self.width(), 20), left, self.empty)
            return
        label_w = min(150, max(metrics.horizontalAdvance(r.label) for r in self.rows) + 12)
        total_w = max(40.0, self.width() - label_w - 44)
        most = max(sum(r.counts.values()) for r in self.rows) or 1
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        centre = Qt.AlignmentFlag.AlignCenter
        for row in self.rows:
            painter.setPen(text_colour)
            elided = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 8)
            painter.drawText(QRectF(0, top, label_w - 8, 20), right, elided)
            x = float(label_w)
            for band, n in row.counts.items():
                if not n:
                    continue
                seg = total_w * n / most
                painter.fillRect(QRectF(x, top + 2, seg, 16), QColor(self.bands[band][1]))
                if seg >= metrics.horizontalAdvance(str(n)) + 4:
                    painter.setPen(QColor("#ffffff"))
                    painter.drawText(QRectF(x, top, seg, 20), centre, str(n))
                x += seg
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + 4, top, 40, 20), left, str(sum(row.counts.values())))
            top += self.ROW_H


class ComingModel(RowsModel[Deadline]):
    HEADERS = ("Ngày", "Còn lại", "Loại", "Nội dung")

    def display(self, row: Deadline, column: int) -> str:
        return (fmt_date(row.day), days_text(row.days_left), row.what, row.text)[column]

    def extra(self, row: Deadline, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.late_risk and column == 3:
            return QBrush(QColor(LATE_COLOUR))
        return None


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
            self.watch_model, "dashboard/watch/header", 1, {0: 36, 2: 120, 3: 80, 4: 150}
        )
        self.watch_table.clicked.connect(lambda _ix: self.open_reports(self.data.plan_id, None))
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
        self.coming_model = ComingModel()
        self.coming_table = _table(
            self.coming_model, "dashboard/coming/header", 3, {0: 80, 1: 90, 2: 60}
        )
        self.coming_table.activated.connect(self.on_coming_activated)
        self.coming_table.doubleClicked.connect(self.on_coming_activated)
        upper = QWidget()
        up = QVBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)
        up.addWidget(QLabel("<b>Báo cáo đến hạn</b> — bấm vào một dòng để mở báo cáo"))
        up.addWidget(self.due_table)
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
        watch = QWidget()
        left = QVBoxLayout(watch)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(QLabel(f"<b>Nhiệm vụ quá hạn và đến hạn trong {SOON_DAYS} ngày</b>"))
        left.addWidget(self.watch_table, 1)
        coming = QWidget()
        right = QVBoxLayout(coming)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel(f"<b>Các hạn trong {COMING_DAYS} ngày tới</b> (báo cáo, nhiệm vụ)"))
        right.addWidget(self.coming_table, 1)
        self.lists = QSplitter(Qt.Orientation.Horizontal)
        self.lists.addWidget(watch)
        self.lists.addWidget(coming)
        self.lists.setSizes([620, 380])  # the task list needs room for the task names
        remember_splitter(self.lists, "dashboard/lists")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (upper, middle, self.lists):
            self.splitter.addWidget(part)
        self.splitter.setSizes([130, 230, 300])
        remember_splitter(self.splitter, "dashboard/splitter3")
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
        self.coming_model.set_rows(data.coming)
        self.task_chart.set_rows(data.task_groups)
        self.indicator_chart.set_rows(data.indicator_groups)
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
