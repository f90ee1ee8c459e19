"""The dialog that records one task's progress in one period."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.progress import ENTERED_LABELS, validate_progress
from app.services.progress_entry import ProgressInput, TaskStatusRow
from app.ui import errors
from app.ui.pages.reports.common import from_qdate, to_qdate
from app.ui.widgets import dialog_buttons

NO_DATE = QDate(2000, 1, 1)
"""The date edit's minimum, shown blank: no completion date."""


class ProgressDialog(QDialog):
    """Status, percent, result, evidence, note, reason and completion date of a task."""

    def __init__(
        self, task: TaskStatusRow, *, period_label: str, cutoff: date, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Cập nhật tiến độ nhiệm vụ {task.number}")
        self.cutoff = cutoff
        self.result_data: ProgressInput | None = None
        self.status = QComboBox()
        for code, label in ENTERED_LABELS.items():
            self.status.addItem(label, code)
        self.percent = QSpinBox()
        self.percent.setRange(-1, 100)
        self.percent.setSpecialValueText("—")
        self.percent.setSuffix(" %")
        self.result_edit = QPlainTextEdit()
        self.result_edit.setTabChangesFocus(True)
        self.result_edit.setPlaceholderText("Những việc đã làm được trong kỳ")
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("Ví dụ: Kế hoạch số 45/KH-UBND ngày 05/9/2025")
        self.note = QLineEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Bắt buộc khi chọn “Không thực hiện”")
        self.condition = QCheckBox("Điều kiện thực hiện đã đến (ví dụ: tỉnh đã triển khai)")
        self.condition.setChecked(task.condition_arrived)
        self.condition.setVisible(task.deadline_kind == "conditional")
        self.is_conditional = task.deadline_kind == "conditional"
        self.completed = QDateEdit()
        self.completed.setDisplayFormat("dd/MM/yyyy")
        self.completed.setCalendarPopup(True)
        self.completed.setMinimumDate(NO_DATE)
        self.completed.setSpecialValueText("—")
        self.completed.setMaximumDate(to_qdate(cutoff))
        self.fields: dict[str, QWidget] = {
            "status": self.status,
            "percent": self.percent,
            "result_text": self.result_edit,
            "evidence": self.evidence,
            "note": self.note,
            "reason": self.reason,
            "completed_on": self.completed,
        }
        self._build(task, period_label)
        self._load(task)
        self.status.currentIndexChanged.connect(self.on_status_changed)
        self.on_status_changed()

    def _build(self, task: TaskStatusRow, period_label: str) -> None:
        heading = QLabel(f"<b>{task.number}. {task.name}</b>")
        heading.setWordWrap(True)
        info = QLabel(
            f"Chủ trì: {task.lead or '—'} · Thời hạn: {task.deadline or '—'} · Kỳ: {period_label} "
            f"(chốt số liệu {self.cutoff:%d/%m/%Y})"
        )
        info.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Trạng thái:", self.status)
        form.addRow("Tỷ lệ &hoàn thành:", self.percent)
        form.addRow("&Kết quả thực hiện:", self.result_edit)
        form.addRow("&Minh chứng (số, ngày văn bản):", self.evidence)
        form.addRow("Ghi &chú:", self.note)
        form.addRow("&Lý do:", self.reason)
        form.addRow("&Ngày hoàn thành:", self.completed)
        if self.is_conditional:
            form.addRow("", self.condition)
        buttons = dialog_buttons(self, cancel_text="Huỷ")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 460)

    def _load(self, task: TaskStatusRow) -> None:
        code = task.entered or ("done" if task.official_code.startswith("done") else "not_started")
        self.status.setCurrentIndex(max(0, self.status.findData(code)))
        self.percent.setValue(-1 if task.percent is None else task.percent)
        self.result_edit.setPlainText(task.result_text)
        self.evidence.setText(task.evidence)
        self.note.setText(task.note)
        self.reason.setText(task.reason)
        self.completed.setDate(to_qdate(task.completed_on) if task.completed_on else NO_DATE)

    def on_status_changed(self) -> None:
        code = self.status.currentData()
        self.completed.setEnabled(code == "done")
        self.reason.setEnabled(code in ("cancelled", "paused"))
        if code == "done" and self.percent.value() < 0:
            self.percent.setValue(100)

    def value(self) -> ProgressInput:
        code = str(self.status.currentData())
        day = self.completed.date()
        return ProgressInput(
            status=code,
            percent=None if self.percent.value() < 0 else self.percent.value(),
            result_text=self.result_edit.toPlainText().strip(),
            evidence=self.evidence.text().strip(),
            note=self.note.text().strip(),
            reason=self.reason.text().strip() if self.reason.isEnabled() else "",
            completed_on=from_qdate(day) if code == "done" and day > NO_DATE else None,
            condition_arrived=self.condition.isChecked() if self.is_conditional else None,
        )

    def check(self) -> ProgressInput:
        """The entry, or ValidationError naming the field to fix."""
        data = self.value()
        validate_progress(
            data.status,
            reason=data.reason,
            percent=data.percent,
            completed_on=data.completed_on,
            cutoff=self.cutoff,
        )
        return data

    def accept(self) -> None:
        try:
            self.result_data = self.check()
        except ValidationError as exc:
            errors.show_error(self, exc)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return
        super().accept()
