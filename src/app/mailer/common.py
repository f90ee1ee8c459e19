"""Mail settings, addresses, the two failure kinds and the result of a send."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from typing import Literal

from app.errors import MailError

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[str, ...] = ("starttls", "ssl", "none")
KEYRING_SERVICE = "KH57"
DEFAULT_TIMEOUT = 30.0
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)

_ADDRESS = re.compile(r"^[^@\s<>()\",;]+@[A-Za-z0-9.-]+\.?[A-Za-z0-9-]*$")
_MESSAGE_ID = re.compile(r"^<[^<>\s@]+@[^<>\s@]+>$")


class TemporaryMailError(MailError):
    """Sending failed for now; try again later (same message, same Message-ID)."""

    def __init__(
        self,
        message: str,
        *,
        smtp_code: int | None = None,
        server_reason: str = "",
        maybe_delivered: bool = False,
    ) -> None:
        super().__init__(message)
        self.smtp_code = smtp_code
        self.server_reason = server_reason
        #: The line dropped after the message was handed over: the server may
        #: have it (SMTP's unavoidable window); a resend keeps the Message-ID.
        self.maybe_delivered = maybe_delivered


class PermanentMailError(MailError):
    """The server refused for good; the officer must act (``server_reason`` says why)."""

    def __init__(
        self, message: str, *, smtp_code: int | None = None, server_reason: str = ""
    ) -> None:
        super().__init__(message)
        self.smtp_code = smtp_code
        self.server_reason = server_reason


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (no DNS lookup)."""
    name = host.strip().strip("[]").lower()
    if name in ("localhost", "localhost.") or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    username: str | None
    sender: str
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        if not self.host.strip() or any(c.isspace() for c in self.host.strip()):
            raise MailError(
                "Tên máy chủ thư (SMTP) chưa đúng, hãy nhập lại trong phần cài đặt thư."
            )
        if not 1 <= self.port <= 65535:
            raise MailError(
                "Cổng máy chủ thư phải là số từ 1 đến 65535, hãy nhập lại trong phần cài đặt thư."
            )
        if self.security not in SECURITIES:
            raise MailError(
                "Kiểu bảo mật thư chưa đúng, hãy chọn STARTTLS hoặc SSL trong phần cài đặt thư."
            )
        if self.security == "none" and not is_loopback_host(self.host):
            raise MailError(
                "Không được gửi thư không mã hoá tới máy chủ ngoài máy này, "
                "hãy chọn kiểu bảo mật STARTTLS hoặc SSL."
            )
        if not _is_address(parseaddr(self.sender)[1]):
            raise MailError("Địa chỉ thư người gửi chưa đúng, hãy nhập lại trong phần cài đặt thư.")
        if self.timeout <= 0:
            raise MailError(
                "Thời gian chờ máy chủ thư phải lớn hơn 0, hãy nhập lại trong phần cài đặt thư."
            )


@dataclass(frozen=True)
class SendResult:
    message_id: str
    accepted: tuple[str, ...]
    #: Recipients the server refused while accepting others: address → (code, reason).
    refused: Mapping[str, tuple[int, str]] = field(default_factory=dict)


def _is_address(address: str) -> bool:
    return bool(_ADDRESS.match(address)) and "\r" not in address and "\n" not in address
