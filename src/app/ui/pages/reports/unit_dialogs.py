"""Dialogs of the units tab: the date a report arrived, and a filled form's preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services.unit_forms import FormChange, FormPreview
from app.ui import errors
from app.ui.pages.reports.common import RowsModel, from_qdate, to_qdate


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(value))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


def check_received(day: date, today: date) -> None:
    if day > today:
        raise ValidationError(
            f"Ngày nhận {day:%d/%m/%Y} ở sau hôm nay; hãy chọn ngày đơn vị đã gửi báo cáo.",
            field="received_on",
        )


class _DateDialog(QDialog):
    """Base: a dialog whose accept() checks the received date first."""

    def __init__(self, today: date, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.today = today
        self.received = _date_edit(today)
        self.result_date: date | None = None

    def check(self) -> date:
        day = from_qdate(self.received.date())
        check_received(day, self.today)
        return day

    def accept(self) -> None:
        try:
            self.result_date = self.check()
        except ValidationError as exc:
            errors.show_error(self, exc)
            self.received.setFocus()
            return
        super().accept()

    def _buttons(self, ok_text: str) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons


class ReceivedDialog(_DateDialog):
    def __init__(self, *, unit: str, period_label: str, today: date, parent: QWidget) -> None:
        super().__init__(today, parent)
        self.setWindowTitle("Đánh dấu đã nhận báo cáo")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{unit}</b> — {period_label}"))
        form.addRow("&Ngày nhận:", self.received)
        form.addRow(self._buttons("Ghi nhận"))


class ChangesModel(RowsModel[FormChange]):
    HEADERS = ("Loại", "Số/Mã", "Nội dung", "Trước", "Sau")

    def display(self, row: FormChange, column: int) -> str:
        kind = "Nhiệm vụ" if row.kind == "task" else "Chỉ tiêu"
        return (kind, row.number, row.name, row.before or "(chưa nhập)", row.after)[column]


class FormPreviewDialog(_DateDialog):
    """What a filled form would change; "Ghi vào dữ liệu" applies it."""

    def __init__(
        self, preview: FormPreview, *, period_label: str, today: date, parent: QWidget
    ) -> None:
        super().__init__(today, parent)
        self.preview = preview
        self.setWindowTitle("Xem trước phiếu báo cáo của đơn vị")
        counts = (
            f"<b>{preview.unit}</b> — {period_label}: {len(preview.task_inputs)} nhiệm vụ, "
            f"{len(preview.result_inputs)} chỉ tiêu có số liệu; "
            f"{len(preview.changes)} thay đổi so với dữ liệu hiện có."
        )
        heading = QLabel(counts)
        heading.setWordWrap(True)
        self.model = ChangesModel()
        self.model.set_rows(preview.changes)
        table = QTableView()
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (1, 60), (3, 150), (4, 200)):
            table.setColumnWidth(col, width)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(table, 1)
        if preview.warnings:
            warn = QPlainTextEdit("\n".join(preview.warnings))
            warn.setReadOnly(True)
            warn.setMaximumHeight(110)
            layout.addWidget(QLabel("Lưu ý khi đọc phiếu:"))
            layout.addWidget(warn)
        form = QFormLayout()
        form.addRow("&Ngày nhận phiếu:", self.received)
        layout.addLayout(form)
        layout.addWidget(self._buttons("Ghi vào dữ liệu"))
        self.resize(820, 480)
