"""Shared pieces of the reporting screens: formats, a row model, remembered layouts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
)
from PySide6.QtWidgets import QFileDialog, QHeaderView, QSplitter, QWidget

from app.targets import format_number_vi
from app.ui.widgets import RowsModel as RowsModel  # re-exported for the report tabs
from app.vntext import matches, sort_key

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

KIND_CHOICES: tuple[tuple[str, str], ...] = (
    ("monthly", "Tháng"),
    ("quarterly", "Quý"),
    ("half_year", "6 tháng"),
    ("yearly", "Năm"),
    ("adhoc", "Đột xuất"),
)
REGIME_LABELS = {
    "monthly": "Báo cáo tháng",
    "quarterly": "Báo cáo quý",
    "half_year": "Báo cáo 6 tháng",
    "yearly": "Báo cáo năm",
    "adhoc": "Báo cáo đột xuất",
}
REPORT_STATES = {"draft": "Nháp", "locked": "Đã chốt", "sent": "Đã gửi", "issued": "Đã gửi"}
LATE_COLOUR = "#b3261e"
DONE_COLOUR = "#1b6e2d"


def fmt_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def fmt_number(value: float | None) -> str:
    return format_number_vi(value) if value is not None else ""


def days_text(days_left: int) -> str:
    """ "còn 5 ngày", "hạn cuối hôm nay", "quá hạn 3 ngày"."""
    if days_left > 0:
        return f"còn {days_left} ngày"
    if days_left == 0:
        return "hạn cuối hôm nay"
    return f"quá hạn {-days_left} ngày"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


_NUMBER_PARTS = re.compile(r"\d+|\D+")


def number_key(text: str) -> tuple[tuple[int, Any], ...]:
    """Sort "1.2" before "1.10" and letters in Vietnamese order."""
    return tuple(
        (0, int(p)) if p.isdigit() else (1, sort_key(p)) for p in _NUMBER_PARTS.findall(text)
    )


class RowsProxy(QSortFilterProxyModel):
    """Vietnamese sort and accent-insensitive filter over a RowsModel."""

    def __init__(self, source: RowsModel[Any]) -> None:
        super().__init__()
        self.source = source
        self.query = ""
        self.setSourceModel(source)

    def set_query(self, text: str) -> None:
        self.query = text
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        return not self.query or matches(self.query, self.source.search_text(self.source.rows[row]))

    def lessThan(self, left: Index, right: Index) -> bool:
        rows, col = self.source.rows, left.column()
        a = self.source.sort_value(rows[left.row()], col)
        b = self.source.sort_value(rows[right.row()], col)
        return bool(a < b)


def remember_header(header: QHeaderView, key: str) -> None:
    """Restore the column widths and order saved under *key*, and keep saving them."""
    state = QSettings().value(key)
    if state is not None:
        header.restoreState(state)

    def save(*_args: object) -> None:
        QSettings().setValue(key, header.saveState())

    header.sectionResized.connect(save)
    header.sectionMoved.connect(save)
    header.sortIndicatorChanged.connect(save)


def remember_splitter(splitter: QSplitter, key: str) -> None:
    state = QSettings().value(key)
    if state is not None:
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda *_: QSettings().setValue(key, splitter.saveState()))


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """The file name chosen to save to, or "" (tests replace this)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return str(path)


def ask_open_path(parent: QWidget, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return str(path)


def safe_file_name(text: str) -> str:
    """A file name from a title: no characters that Windows refuses."""
    return re.sub(r'[\\/:*?"<>|]+', "-", text).strip(" .") or "bao-cao"


def confirm(parent: QWidget, text: str) -> bool:
    """Ask a yes/no question in Vietnamese (tests replace this)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "KH57", text, parent=parent)
    yes = box.addButton("Đồng ý", QMessageBox.ButtonRole.YesRole)
    box.addButton("Huỷ", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes
