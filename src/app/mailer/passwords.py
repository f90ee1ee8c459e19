"""SMTP passwords in the operating system's credential store (service ``KH57``)."""

from __future__ import annotations

import keyring
import keyring.errors

from app.errors import MailError
from app.mailer.common import KEYRING_SERVICE


def _keyring_error(exc: Exception) -> MailError:
    if isinstance(exc, keyring.errors.NoKeyringError):
        return MailError(
            "Máy này chưa có kho mật khẩu của hệ điều hành nên không lưu được mật khẩu thư, "
            "hãy báo người hỗ trợ kỹ thuật cài đặt kho mật khẩu."
        )
    return MailError(
        "Không dùng được kho mật khẩu của hệ điều hành (có thể đang bị khoá), "
        "hãy mở khoá phiên làm việc rồi thử lại."
    )


def get_password(account: str) -> str | None:
    """The SMTP password saved for *account*, or None when none is saved."""
    try:
        password = keyring.get_password(KEYRING_SERVICE, account)
    except keyring.errors.KeyringError as exc:
        raise _keyring_error(exc) from exc
    return None if password is None else str(password)


def set_password(account: str, password: str) -> None:
    """Save *password* for *account* in the operating system's credential store."""
    try:
        keyring.set_password(KEYRING_SERVICE, account, password)
    except keyring.errors.KeyringError as exc:
        raise _keyring_error(exc) from exc


def delete_password(account: str) -> None:
    """Forget the saved password of *account* (nothing happens when there is none)."""
    try:
        keyring.delete_password(KEYRING_SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        return
    except keyring.errors.KeyringError as exc:
        raise _keyring_error(exc) from exc
