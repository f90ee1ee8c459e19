"""Tab "Tiến độ nhiệm vụ": every task's status in the period; Enter edits the progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.periods import period_from_key
from app.services.progress_entry import TaskStatusRow, record_progress, task_statuses
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports.common import (
    DONE_COLOUR,
    LATE_COLOUR,
    RowsModel,
    RowsProxy,
    fmt_date,
    number_key,
    remember_header,
)
from app.ui.pages.reports.progress_dialog import ProgressDialog


class TaskStatusModel(RowsModel[TaskStatusRow]):
    HEADERS = (
        "TT",
        "Nhiệm vụ",
        "Chủ trì",
        "Thời hạn",
        "Trạng thái nhập",
        "Tình trạng",
        "%",
        "Kết quả thực hiện",
        "Minh chứng",
    )
    STATUS_COLUMN = 5

    def __init__(self) -> None:
        super().__init__()
        self.period_key = ""

    def display(self, row: TaskStatusRow, column: int) -> str:
        percent = "" if row.percent is None else str(row.percent)
        return (
            row.number,
            row.name,
            row.lead,
            row.deadline,
            row.entered_label,
            row.official_text,
            percent,
            row.result_text,
            row.evidence,
        )[column]

    def tooltip(self, row: TaskStatusRow, column: int) -> str | None:
        if column == 3 and row.due:
            return f"{row.deadline} — hạn cuối {fmt_date(row.due)}"
        if column == 4 and row.from_period and row.from_period != self.period_key:
            return f"Lấy từ kỳ {period_from_key(row.from_period).label_vi} (chưa nhập kỳ này)"
        if column == 4 and row.reason:
            return f"Lý do: {row.reason}"
        return super().tooltip(row, column)

    def extra(self, row: TaskStatusRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 4 and row.from_period != self.period_key:
                return QBrush(QColor("#6b6b6b"))
            if column == self.STATUS_COLUMN and row.official_code.endswith("_late"):
                return QBrush(QColor(LATE_COLOUR))
            if column == self.STATUS_COLUMN and row.official_code.startswith("done"):
                return QBrush(QColor(DONE_COLOUR))
        if role == Qt.ItemDataRole.FontRole and column == 4 and row.from_period != self.period_key:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (0, 6):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def sort_value(self, row: TaskStatusRow, column: int) -> Any:
        if column == 0:
            return number_key(row.number)
        if column == 3:
            return (row.due is None, row.due.toordinal() if row.due else 0)
        if column == 6:
            return -1 if row.percent is None else row.percent
        return super().sort_value(row, column)


class TasksTab(QWidget):
    """Double-click or Enter on a row opens the progress dialog."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id: int | None = None
        self.period_key = ""
        self.model = TaskStatusModel()
        self.proxy = RowsProxy(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((48, 340, 170, 110, 110, 170, 44, 220, 160)):
            self.table.setColumnWidth(col, width)
        remember_header(header, "reports/tasks/header")
        self.table.doubleClicked.connect(lambda _ix: self.edit_current())
        self.table.installEventFilter(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Lọc theo số, tên, đơn vị, tình trạng… (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_query)
        self.edit_button = QPushButton("Cập nhật tiến độ…")
        self.edit_button.setToolTip("Nhập tiến độ của nhiệm vụ đang chọn (Enter)")
        self.edit_button.clicked.connect(self.edit_current)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
        ):
            self.edit_current()
            return True
        return super().eventFilter(watched, event)

    def set_period(self, plan_id: int | None, period_key: str) -> None:
        self.plan_id, self.period_key = plan_id, period_key
        self.refresh()

    def refresh(self) -> None:
        plan_id, key = self.plan_id, self.period_key
        if plan_id is None or not key:
            self._show(key, [])
            return
        DbOp(self, lambda: task_statuses(self.ctx.db, plan_id, key)).success(
            lambda rows: self._show(key, rows)
        ).run()

    def _show(self, key: str, rows: list[TaskStatusRow]) -> None:
        if key != self.period_key:
            return  # an older answer arriving after the officer moved on
        current = self.current_row()
        self.model.period_key = key
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        late = sum(1 for r in rows if r.official_code.endswith("_late"))
        done = sum(1 for r in rows if r.official_code.startswith("done"))
        self.summary.setText(f"{len(rows)} nhiệm vụ · {done} hoàn thành · {late} quá hạn")
        if current is not None:
            self.select_task(current.task_id)

    def current_row(self) -> TaskStatusRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def select_task(self, task_id: int) -> None:
        for i, row in enumerate(self.model.rows):
            if row.task_id == task_id:
                index = self.proxy.mapFromSource(self.model.index(i, 0))
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)

    def edit_current(self) -> None:
        row = self.current_row()
        if row is None or not self.period_key:
            return
        period = period_from_key(self.period_key)
        dialog = ProgressDialog(row, period_label=period.label_vi, cutoff=period.end, parent=self)
        if not dialog.exec() or dialog.result_data is None:
            return
        data, key, task_id = dialog.result_data, self.period_key, row.task_id
        DbOp(
            self,
            lambda: record_progress(self.ctx.db, task_id=task_id, period_key=key, data=data),
        ).success(self.changed.emit).run()
