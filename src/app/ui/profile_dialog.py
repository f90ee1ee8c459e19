"""Thông tin đơn vị: the commune profile (first run and Cài đặt)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.models.commune import AUTHORITY_PREFIXES
from app.services.commune import (
    ProfileData,
    SignerData,
    check_profile,
    default_issuer_lines,
)
from app.ui.widgets import CheckedDialog, dialog_buttons


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [x.strip() for x in edit.toPlainText().splitlines() if x.strip()]


class ProfileDialog(CheckedDialog):
    """Validates in ``check()``; ``accept()`` runs check, then hands the data back."""

    def __init__(self, profile: ProfileData | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thông tin xã")
        self.result_data: ProfileData | None = None
        p = profile or ProfileData(name="")
        signer = p.signers[0] if p.signers else SignerData()
        self.name = QLineEdit(p.name)
        self.name.setPlaceholderText("Ví dụ: Tam Chung")
        self.province = QLineEdit(p.province)
        self.province.setPlaceholderText("Ví dụ: Thanh Hoá")
        self.issuer = QPlainTextEdit("\n".join(p.issuer_lines))
        self.issuer.setFixedHeight(56)
        self.place = QLineEdit(p.place_name)
        self.office = QLineEdit(p.standing_office)
        self.prefix = QComboBox()
        self.prefix.addItems([x for x in AUTHORITY_PREFIXES if x])
        self.prefix.setCurrentText(signer.authority_prefix)
        self.authority = QPlainTextEdit("\n".join(signer.authority_lines))
        self.authority.setFixedHeight(56)
        self.title = QLineEdit(signer.title)
        self.signer_name = QLineEdit(signer.full_name)
        self.recipients = QPlainTextEdit("\n".join(p.default_recipients))
        self.recipients.setPlaceholderText("Sở Khoa học và Công nghệ;\nLưu: VT, VHXH.")
        for box in (self.issuer, self.authority, self.recipients):
            box.setTabChangesFocus(True)  # Tab moves on; a tab character is never wanted here
        self.name.textChanged.connect(self.on_name_changed)
        self.on_name_changed(self.name.text())
        form = QFormLayout()
        form.addRow("Tên xã (*):", self.name)
        form.addRow("Tỉnh:", self.province)
        form.addRow("Cơ quan ban hành:", self.issuer)
        form.addRow("Địa danh:", self.place)
        form.addRow("Cơ quan thường trực:", self.office)
        form.addRow("Thẩm quyền ký:", self.prefix)
        form.addRow("Dòng thẩm quyền:", self.authority)
        form.addRow("Chức vụ người ký:", self.title)
        form.addRow("Họ và tên người ký:", self.signer_name)
        form.addRow("Nơi nhận mặc định:", self.recipients)
        buttons = dialog_buttons(self, cancel_text="Để sau")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def collect(self) -> ProfileData:
        name = self.name.text().strip()
        return ProfileData(
            name=name,
            province=self.province.text(),
            issuer_lines=_lines(self.issuer) or (default_issuer_lines(name) if name else []),
            place_name=self.place.text() or name,
            standing_office=self.office.text(),
            default_recipients=_lines(self.recipients),
            signers=[
                SignerData(
                    authority_prefix=self.prefix.currentText(),
                    authority_lines=_lines(self.authority),
                    title=self.title.text(),
                    full_name=self.signer_name.text(),
                )
            ],
        )

    def on_name_changed(self, name: str) -> None:
        """The grey examples show what is printed when the field is left empty."""
        shown = " ".join(name.split()) or "Tam Chung"
        self.issuer.setPlaceholderText("\n".join(default_issuer_lines(shown)))
        self.place.setPlaceholderText(f"Để trống thì ghi: {shown}")

    def check(self) -> ProfileData:
        data = self.collect()
        check_profile(data)
        return data

    def on_invalid(self, exc: ValidationError) -> None:
        self.name.setFocus()
