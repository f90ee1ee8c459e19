"""The number and date a report was issued under (số, ngày ban hành)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.errors import ValidationError
from app.ui import errors
from app.ui.pages.reports.common import from_qdate, to_qdate
from app.ui.widgets import fit_to_width


class IssuedDialog(QDialog):
    def __init__(
        self, *, number: str, issue_date: date | None, today: date, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ghi số và ngày ban hành")
        self.today = today
        self.result_data: tuple[str, date] | None = None
        self.number = QLineEdit(number)
        self.number.setPlaceholderText("Ví dụ: 125/BC-UBND")
        self.issue_date = QDateEdit(to_qdate(issue_date or today))
        self.issue_date.setDisplayFormat("dd/MM/yyyy")
        self.issue_date.setCalendarPopup(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        note = QLabel("Ghi số và ngày văn thư đã cấp cho báo cáo; số in trên bản báo cáo.")
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow("&Số văn bản:", self.number)
        form.addRow("&Ngày ban hành:", self.issue_date)
        form.addRow(buttons)
        fit_to_width(self, 440)  # room for the title and the whole "Ví dụ: 125/BC-UBND"

    def check(self) -> tuple[str, date]:
        number = self.number.text().strip()
        if not number:
            raise ValidationError("Hãy nhập số văn bản đã cấp, ví dụ 125/BC-UBND.", field="number")
        day = from_qdate(self.issue_date.date())
        if day > self.today:
            raise ValidationError(
                f"Ngày ban hành {day:%d/%m/%Y} ở sau hôm nay; hãy kiểm tra lại.",
                field="issue_date",
            )
        return number, day

    def accept(self) -> None:
        try:
            self.result_data = self.check()
        except ValidationError as exc:
            errors.show_error(self, exc)
            (self.issue_date if exc.field == "issue_date" else self.number).setFocus()
            return
        super().accept()
