"""The dashboard's three lists: reports due, tasks to watch, the coming deadlines."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.services.progress_entry import TaskStatusRow
from app.services.reports import DueReport
from app.ui.pages.dashboard.data import Deadline
from app.ui.pages.reports.common import (
    LATE_COLOUR,
    REGIME_LABELS,
    RowsModel,
    days_text,
    fmt_date,
    remember_header,
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


class ComingModel(RowsModel[Deadline]):
    HEADERS = ("Ngày", "Còn lại", "Loại", "Nội dung")

    def display(self, row: Deadline, column: int) -> str:
        return (fmt_date(row.day), days_text(row.days_left), row.what, row.text)[column]

    def extra(self, row: Deadline, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.late_risk and column == 3:
            return QBrush(QColor(LATE_COLOUR))
        return None


def make_table(model: RowsModel[Any], key: str, stretch: int, widths: dict[int, int]) -> QTableView:
    """A read-only table of whole rows, one line a row, its header layout remembered."""
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
