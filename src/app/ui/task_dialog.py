"""Sửa nhiệm vụ: the fields of one task, with the deadline read back as the officer types."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.deadlines import parse_deadline
from app.errors import ValidationError
from app.services.plan_edit import TaskInput
from app.ui.pages.tasks.model import KIND_LABELS
from app.ui.widgets import CheckedDialog, dialog_buttons, show_date
from app.vntext import clean_cell


def deadline_reading(text: str) -> str:
    """How the program understands a deadline phrase, in words."""
    if not clean_cell(text):
        return "Chưa ghi thời hạn."
    d = parse_deadline(text)
    if d.kind == "unknown":
        return "Không đọc được thời hạn này; chữ được giữ nguyên nhưng không tính quá hạn."
    parts = [f"Loại: {KIND_LABELS.get(d.kind, d.kind)}"]
    if d.start and d.due and d.start != d.due:
        parts.append(f"từ {show_date(d.start)} đến {show_date(d.due)}")
    elif d.due:
        parts.append(f"hạn {show_date(d.due)}")
    return " · ".join(parts)


def _text_box(text: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class TaskDialog(CheckedDialog):
    """Validates in ``check()``; ``accept()`` runs check and keeps ``result_data``."""

    def __init__(
        self, data: TaskInput, parent: QWidget | None = None, *, title: str = "Sửa nhiệm vụ"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_data: TaskInput | None = None
        self.number = QLineEdit(data.number)
        self.number.setMaximumWidth(120)
        self.name = _text_box(data.name, 84)
        self.lead = QLineEdit(data.lead)
        self.cooperating = _text_box(data.cooperating, 52)
        self.result_box = _text_box(data.result, 52)
        self.deadline = QLineEdit(data.deadline)
        self.deadline.setPlaceholderText("Ví dụ: Tháng 9/2025, Quý IV/2025, Thường xuyên")
        self.reading = QLabel()
        self.reading.setWordWrap(True)
        self.reading.setStyleSheet("color: #335;")
        self.deadline.textChanged.connect(self.on_deadline_changed)
        self.on_deadline_changed(data.deadline)
        form = QFormLayout()
        form.addRow("Số TT:", self.number)
        form.addRow("Tên nhiệm vụ (*):", self.name)
        form.addRow("Đơn vị chủ trì:", self.lead)
        form.addRow("Đơn vị phối hợp:", self.cooperating)
        form.addRow("Kết quả/sản phẩm:", self.result_box)
        form.addRow("Thời hạn:", self.deadline)
        form.addRow("", self.reading)
        buttons = dialog_buttons(self, cancel_text="Huỷ")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 0)

    def on_deadline_changed(self, text: str) -> None:
        self.reading.setText(deadline_reading(text))

    def collect(self) -> TaskInput:
        return TaskInput(
            number=clean_cell(self.number.text()),
            name=clean_cell(self.name.toPlainText()),
            lead=clean_cell(self.lead.text()),
            cooperating=clean_cell(self.cooperating.toPlainText()),
            result=clean_cell(self.result_box.toPlainText()),
            deadline=clean_cell(self.deadline.text()),
        )

    def check(self) -> TaskInput:
        data = self.collect()
        if not data.name:
            raise ValidationError("Hãy nhập tên nhiệm vụ.", field="name")
        return data
