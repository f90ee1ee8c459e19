"""The e-mail part of Cài đặt that needs no page: the password in the credential store,
saving and checking the SMTP settings off the UI thread, trusting a certificate.

The password goes straight into the operating system's credential store (keyring)
and is never shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services import Changes
from app.services.mail_settings import MailSettings, save_mail_settings

if TYPE_CHECKING:
    from app.services.mail_check import CertInfo, ConnectionCheck

PASSWORD_SAVED = "(đã lưu trong kho mật khẩu của máy — để trống nếu không đổi)"
SUCCESS_COLOUR = "#1b7f3b"
WARNING_COLOUR = "#9a5b00"
"""Amber, as the warnings of the import dialog and the tasks due soon."""
ERROR_COLOUR = "#b3261e"


def password_saved(settings: MailSettings) -> bool:
    from app.mailer import get_password

    account = settings.keyring_account
    return bool(account) and get_password(account) is not None


def save_mail(db: Any, settings: MailSettings, password: str) -> Changes:
    from app.mailer import set_password

    changes = save_mail_settings(db, settings)
    if password:
        set_password(settings.keyring_account, password)
    return changes


def check_mail(settings: MailSettings, password: str) -> ConnectionCheck:
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
