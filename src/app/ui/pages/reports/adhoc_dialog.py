"""Báo cáo đột xuất: the window of an ad hoc report asked for by a higher body."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.periods import ReportPeriod, adhoc_period
from app.ui.errors import show_error
from app.ui.widgets import dialog_buttons


def _date_edit(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


def _py(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class AdhocDialog(QDialog):
    """Validates in ``check()``; ``period`` is set when accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Báo cáo đột xuất")
        self.period: ReportPeriod | None = None
        today = QDate.currentDate()
        self.start = _date_edit(QDate(today.year(), today.month(), 1))
        self.end = _date_edit(today)
        form = QFormLayout()
        form.addRow("Số liệu &từ ngày:", self.start)
        form.addRow("&đến ngày:", self.end)
        note = QLabel("Báo cáo tổng hợp tiến độ và kết quả trong khoảng thời gian này.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, ok_text="Lập báo cáo", save=False))

    def check(self) -> ReportPeriod:
        return adhoc_period(_py(self.start.date()), _py(self.end.date()))

    def accept(self) -> None:
        try:
            self.period = self.check()
        except ValidationError as exc:
            show_error(self, exc)
            self.end.setFocus()
            return
        super().accept()
