"""Cài đặt: the commune profile, e-mail (SMTP) settings and backups.

The settings page only loads and saves: what each setting is, its type and
default, lives in ``app.services.mail_settings``. The password goes straight
into the operating system's credential store (keyring) and is never shown.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.paths import backup_dir_for
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
    save_mail_settings,
)
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.ops import DbOp

if TYPE_CHECKING:
    from app.services.mail_check import CertInfo, ConnectionCheck

PASSWORD_SAVED = "(đã lưu trong kho mật khẩu của máy — để trống nếu không đổi)"
SUCCESS_COLOUR = "#1b7f3b"
WARNING_COLOUR = "#9a5b00"
"""Amber, as the warnings of the import dialog and the tasks due soon."""
ERROR_COLOUR = "#b3261e"


def _password_saved(settings: MailSettings) -> bool:
    from app.mailer import get_password

    account = settings.keyring_account
    return bool(account) and get_password(account) is not None


def _save_mail(db: Any, settings: MailSettings, password: str) -> Changes:
    from app.mailer import set_password

    changes = save_mail_settings(db, settings)
    if password:
        set_password(settings.keyring_account, password)
    return changes


def _check_mail(settings: MailSettings, password: str) -> ConnectionCheck:
    from app.mailer import get_password
    from app.services.mail_check import check_connection

    if not password and settings.username:
        password = get_password(settings.keyring_account) or ""
    return check_connection(settings, password or None)


def ask_trust_certificate(parent: QWidget, message: str, cert: CertInfo) -> bool:
    """“Tin cậy chứng chỉ này?” with the certificate's details; True only on “Có”."""
    box = QMessageBox(QMessageBox.Icon.Warning, "KH57", "Tin cậy chứng chỉ này?", parent=parent)
    box.setInformativeText(
        f"{message}\n\n{cert.describe_vi()}\n\nChọn “Có” chỉ khi dấu vân tay trên trùng với "
        "dấu vân tay người quản trị thư đọc cho anh/chị. Sau đó chương trình chỉ tin cậy đúng "
        "chứng chỉ này."
    )
    yes = box.addButton("Có", QMessageBox.ButtonRole.YesRole)
    box.setDefaultButton(box.addButton("Không", QMessageBox.ButtonRole.NoRole))
    box.exec()
    return box.clickedButton() is yes


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile_text = QLabel()
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
        self.backup_text = QLabel()
        self._layout()
        ctx.changed.connect(self.on_changed)
        self.load()

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _layout(self) -> None:
        profile = QGroupBox("Thông tin xã")
        p = QHBoxLayout(profile)
        p.addWidget(self.profile_text, 1)
        p.addWidget(self._button("Sửa thông tin xã…", self.on_profile_clicked))

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

        backup = QGroupBox("Sao lưu dữ liệu")
        b = QVBoxLayout(backup)
        b.addWidget(self.backup_text)
        row = QHBoxLayout()
        row.addWidget(self._button("Sao lưu ngay", self.on_backup_clicked))
        row.addWidget(self._button("Khôi phục từ bản sao lưu…", self.on_restore_clicked))
        row.addWidget(self._button("Mở thư mục sao lưu", self.on_open_backups_clicked))
        row.addStretch(1)
        b.addLayout(row)

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
        if profile is None:
            self.profile_text.setText("Chưa nhập thông tin xã.")
        else:
            province = (
                profile.province or f"<span style='color:{ERROR_COLOUR}'>chưa nhập tỉnh</span>"
            )
            self.profile_text.setText(
                f"<b>Xã {profile.name}</b>, tỉnh {province}<br>"
                f"Cơ quan thường trực: {profile.standing_office or '—'}"
            )
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

    def _show_backups(self) -> None:
        from app.backup import list_backups

        folder = backup_dir_for(self.ctx.db.path)
        backups = list_backups(self.ctx.db.path)
        last = (
            f"bản gần nhất {backups[0].taken_at:%d/%m/%Y %H:%M}" if backups else "chưa có bản nào"
        )
        self.backup_text.setText(
            f"Thư mục sao lưu: {folder}<br>{len(backups)} bản sao lưu, {last}.<br>"
            "Chương trình tự sao lưu khi đóng và trước mỗi lần nâng cấp, khôi phục "
            "hoặc nhập dữ liệu."
        )

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

        def saved(changes: Changes) -> None:
            self._trusted_cert = trusted.trusted_cert_pem
            if password:
                self._show_password(True)
            self.ctx.changed.emit(changes)
            self.on_check_mail_clicked()  # confirm: now the connection verifies

        DbOp(self, lambda: _save_mail(db, trusted, password)).success(saved).run()

    def _saved(self, changes: Changes) -> None:
        self.password.clear()
        self._note("Đã lưu cài đặt thư.", SUCCESS_COLOUR)
        self.ctx.changed.emit(changes)
        self.load()

    # ------------------------------------------------------------------ backups

    def on_backup_clicked(self) -> None:
        from app.backup import make_backup

        path = self.ctx.db.path
        DbOp(self, lambda: make_backup(path, reason="manual")).success(
            lambda _p: self._show_backups()
        ).run()

    def on_restore_clicked(self) -> None:
        from app.ui.restore import restore_interactively

        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn bản sao lưu",
            str(backup_dir_for(self.ctx.db.path)),
            "Bản sao lưu KH57 (*.sqlite3)",
        )
        if chosen:
            restore_interactively(self, self.ctx, chosen)
            self._show_backups()

    def on_open_backups_clicked(self) -> None:
        folder = backup_dir_for(self.ctx.db.path)
        Path(folder).mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
