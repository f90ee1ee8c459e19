"""Cài đặt: the commune profile, e-mail (SMTP) settings and backups.

The settings page only loads and saves: what each setting is, its type and
default, lives in ``app.services.mail_settings``. The password goes straight
into the operating system's credential store (keyring) and is never shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services import Changes
from app.services.commune import ProfileData, get_profile, save_profile
from app.services.mail_settings import (
    DEFAULT_PORTS,
    SECURITY_LABELS,
    MailSettings,
    check_settings,
    format_bodies,
    load_mail_settings,
    parse_bodies,
)
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.ops import DbOp
from app.ui.pages.settings_backups import BackupActions
from app.ui.pages.settings_mail import (
    ERROR_COLOUR,
    PASSWORD_SAVED,
    SUCCESS_COLOUR,
    WARNING_COLOUR,
    ask_trust_certificate,
)
from app.ui.pages.settings_mail import check_mail as _check_mail
from app.ui.pages.settings_mail import password_saved as _password_saved
from app.ui.pages.settings_mail import save_mail as _save_mail

if TYPE_CHECKING:
    from app.services.mail_check import ConnectionCheck

__all__ = [
    "ERROR_COLOUR",
    "PASSWORD_SAVED",
    "SUCCESS_COLOUR",
    "WARNING_COLOUR",
    "SettingsPage",
    "ask_trust_certificate",
    "show_error",
]


class SettingsPage(BackupActions, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile_text = QLabel()
        self._build_mail_fields()
        self.backup_text = QLabel()
        self._layout()
        ctx.changed.connect(self.on_changed)
        self.load()

    def _build_mail_fields(self) -> None:
        self.host = QLineEdit()
        self.host.setPlaceholderText("Ví dụ: smtp.gmail.com hoặc mail.thanhhoa.gov.vn")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.security = QComboBox()
        for key, label in SECURITY_LABELS.items():
            self.security.addItem(label, key)
        self.security.currentIndexChanged.connect(self.on_security_changed)
        self.username = QLineEdit()
        self.username.setPlaceholderText("Tên đăng nhập (thường là địa chỉ thư)")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_edit = QLineEdit()
        self.sender_edit.setPlaceholderText("Ví dụ: vanthu.tamchung@gmail.com")
        self.bodies = QPlainTextEdit()
        self.bodies.setPlaceholderText(
            "Mỗi dòng một nơi nhận, ví dụ:\nSở Khoa học và Công nghệ: skhcn@thanhhoa.gov.vn\n"
            "Đảng ủy xã: danguy@tamchung.gov.vn"
        )
        self.bodies.setFixedHeight(90)
        self.bodies.setTabChangesFocus(True)
        self.mail_note = QLabel()
        self.mail_note.setWordWrap(True)

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _layout(self) -> None:
        profile = QGroupBox("Thông tin xã")
        p = QHBoxLayout(profile)
        p.addWidget(self.profile_text, 1)
        p.addWidget(self._button("Sửa thông tin xã…", self.on_profile_clicked))
        mail = self._mail_box()
        backup = self._backup_box()
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(QLabel("<h2>Cài đặt</h2>"))
        for box in (profile, mail, backup):
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _mail_box(self) -> QGroupBox:
        mail = QGroupBox("Thư điện tử (gửi báo cáo qua thư)")
        form = QFormLayout(mail)
        form.addRow("Máy chủ thư (SMTP):", self.host)
        ports = QHBoxLayout()
        ports.addWidget(self.port)
        ports.addWidget(QLabel("Bảo mật:"))
        ports.addWidget(self.security, 1)
        form.addRow("Cổng:", ports)
        form.addRow("Tên đăng nhập:", self.username)
        form.addRow("Mật khẩu:", self.password)
        form.addRow("Địa chỉ người gửi:", self.sender_edit)
        form.addRow("Nơi nhận báo cáo:", self.bodies)
        save = QHBoxLayout()
        save.addWidget(self.mail_note, 1)
        self.check_button = self._button("Kiểm tra kết nối…", self.on_check_mail_clicked)
        save.addWidget(self.check_button)
        save.addWidget(self._button("Lưu cài đặt thư", self.on_save_mail_clicked))
        form.addRow(save)
        return mail

    # ------------------------------------------------------------------ loading

    def on_changed(self, changes: Changes) -> None:
        if changes.profile:
            self.load()

    def load(self) -> None:
        db = self.ctx.db
        DbOp(self, lambda: (get_profile(db), load_mail_settings(db))).success(self._show).run()
        self._show_backups()

    def _show(self, loaded: tuple[ProfileData | None, MailSettings]) -> None:
        profile, mail = loaded
        self.profile_text.setText(_profile_html(profile))
        self.host.setText(mail.host)
        self.security.setCurrentIndex(max(0, self.security.findData(mail.security)))
        self.port.setValue(mail.port)
        self.username.setText(mail.username)
        self.sender_edit.setText(mail.sender)
        self.bodies.setPlainText(format_bodies(mail.bodies))
        self._trusted_cert = mail.trusted_cert_pem
        DbOp(self, lambda: _password_saved(mail)).success(self._show_password).failure(
            lambda exc: self._note(str(exc), WARNING_COLOUR)  # e.g. no credential store
        ).run()

    def _show_password(self, saved: bool) -> None:
        self.password.clear()
        self.password.setPlaceholderText(PASSWORD_SAVED if saved else "")

    # ------------------------------------------------------------------ profile

    def on_profile_clicked(self) -> None:
        from app.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(get_profile(self.ctx.db), self)
        if dialog.exec() and dialog.result_data is not None:
            data, db = dialog.result_data, self.ctx.db
            DbOp(self, lambda: save_profile(db, data)).success(self.ctx.changed.emit).run()

    # ------------------------------------------------------------------ e-mail

    def on_security_changed(self, _index: int) -> None:
        key = self.security.currentData()
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS.get(key, 587))

    def collect(self) -> MailSettings:
        return MailSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=self.security.currentData(),
            username=self.username.text().strip(),
            sender=self.sender_edit.text().strip(),
            bodies=parse_bodies(self.bodies.toPlainText()),
            trusted_cert_pem=getattr(self, "_trusted_cert", ""),
        )

    def check(self) -> MailSettings:
        settings = self.collect()
        check_settings(settings)
        return settings

    def on_save_mail_clicked(self) -> None:
        settings = self._checked_or_focus()
        if settings is None:
            return
        db, password = self.ctx.db, self.password.text()
        DbOp(self, lambda: _save_mail(db, settings, password)).success(self._saved).run()

    def _checked_or_focus(self) -> MailSettings | None:
        try:
            return self.check()
        except ValidationError as exc:
            show_error(self, exc)
            fields: dict[str, QWidget] = {
                "host": self.host,
                "port": self.port,
                "security": self.security,
                "sender": self.sender_edit,
            }
            fields.get(exc.field or "", self.bodies).setFocus()
            return None

    def _note(self, text: str, color: str) -> None:
        self.mail_note.setText(text)
        self.mail_note.setStyleSheet(f"color: {color}")

    def on_check_mail_clicked(self) -> None:
        """Try the server off the UI thread; offer to trust a self-signed certificate."""
        settings = self._checked_or_focus()
        if settings is None:
            return
        password = self.password.text()
        self.check_button.setEnabled(False)
        self._note("Đang kiểm tra kết nối tới máy chủ thư…", "#555555")

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            show_error(self, exc)

        DbOp(self, lambda: _check_mail(settings, password), lane="network").success(
            lambda result: self._checked(settings, password, result)
        ).failure(failed).run()

    def _checked(self, settings: MailSettings, password: str, result: ConnectionCheck) -> None:
        self.check_button.setEnabled(True)
        cert = result.untrusted_cert
        if result.ok or cert is None:
            self._note(result.message_vi, SUCCESS_COLOUR if result.ok else ERROR_COLOUR)
            return
        self._note(result.message_vi, ERROR_COLOUR)
        if not ask_trust_certificate(self, result.message_vi, cert):
            self._note(
                "Chưa tin cậy chứng chỉ của máy chủ thư nên chương trình sẽ không gửi thư tới "
                "máy chủ này.",
                ERROR_COLOUR,
            )
            return
        trusted, db = replace(settings, trusted_cert_pem=cert.pem), self.ctx.db
        DbOp(self, lambda: _save_mail(db, trusted, password)).success(
            lambda changes: self._trust_saved(trusted, password, changes)
        ).run()

    def _trust_saved(self, trusted: MailSettings, password: str, changes: Changes) -> None:
        self._trusted_cert = trusted.trusted_cert_pem
        if password:
            self._show_password(True)
        self.ctx.changed.emit(changes)
        self.on_check_mail_clicked()  # confirm: now the connection verifies

    def _saved(self, changes: Changes) -> None:
        self.password.clear()
        self._note("Đã lưu cài đặt thư.", SUCCESS_COLOUR)
        self.ctx.changed.emit(changes)
        self.load()


def _profile_html(profile: ProfileData | None) -> str:
    """The commune's name, province (red when missing) and standing office."""
    if profile is None:
        return "Chưa nhập thông tin xã."
    province = profile.province or f"<span style='color:{ERROR_COLOUR}'>chưa nhập tỉnh</span>"
    return (
        f"<b>Xã {profile.name}</b>, tỉnh {province}<br>"
        f"Cơ quan thường trực: {profile.standing_office or '—'}"
    )
