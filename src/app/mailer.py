"""E-mail transport and message building for sending bundles (no database here).

The outbox (owned by the services) stores what to send and calls
:func:`send_message`; this module classifies every outcome:

* success → :class:`SendResult` (recipients the server accepted and refused);
* :class:`TemporaryMailError` — no connection, DNS, timeout, the server
  dropped the line, 4xx replies: retry after :func:`next_attempt_delay`;
* :class:`PermanentMailError` — 5xx replies, wrong password, recipients
  refused, certificate not trusted: show ``server_reason`` to the officer.

TLS is always verified (``ssl.create_default_context()``, the system store),
optionally extended by a certificate the officer explicitly chose to trust
(:func:`make_ssl_context`). Plain connections (``security="none"``) are only
allowed to loopback hosts, for testing. Passwords live in the operating
system's credential store under the service name ``KH57``.
"""

from __future__ import annotations

import base64
import copy
import email.policy
import hashlib
import ipaddress
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from pathlib import Path
from typing import Any, Literal

import keyring
import keyring.errors

from app.errors import MailError
from app.safe_write import write_file_safely

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


# --------------------------------------------------------------------------- passwords


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


# --------------------------------------------------------------------------- messages


def _is_address(address: str) -> bool:
    return bool(_ADDRESS.match(address)) and "\r" not in address and "\n" not in address


def _encode_header_text(text: str, prefix: int) -> str:
    """RFC 2047 encoded words of at most 42 UTF-8 bytes each, folded, spaces kept inside.

    The standard library's folder can move the space between two encoded words
    into the fold, where decoders drop it ("Tam Chung:kết quả"); encoding the
    words here avoids that. Short ASCII text is kept as it is.
    """
    if text.isascii() and prefix + len(text) <= 78:
        return text
    chunks: list[str] = []
    current = ""
    for char in text:
        if len((current + char).encode("utf-8")) > 42:
            chunks.append(current)
            current = ""
        current += char
    chunks.append(current)
    words = [f"=?utf-8?b?{base64.b64encode(c.encode('utf-8')).decode('ascii')}?=" for c in chunks]
    return "\r\n ".join(words)


def make_message_id(bundle_id: str, domain: str, *, key: str = "") -> str:
    """Deterministic Message-ID, e.g. ``<kh57.<bundle_id>@xa.gov.vn>``.

    *key* (an outbox item id, a receiving body) separates different messages
    carrying the same bundle; a resend of one message keeps its id.
    """
    local = re.sub(r"[^A-Za-z0-9.-]", "", bundle_id) or "bundle"
    if key:
        local += "." + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    host = re.sub(r"[^a-z0-9.-]", "", domain.strip().lower()).strip(".") or "kh57.invalid"
    return f"<kh57.{local}@{host}>"


def build_message(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    attachment_name: str,
    attachment: bytes,
    message_id: str,
    date: datetime | None = None,
) -> EmailMessage:
    """A UTF-8 message with the bundle attached as application/octet-stream."""
    if not recipients:
        raise MailError("Chưa có địa chỉ người nhận thư, hãy thêm địa chỉ nơi nhận báo cáo.")
    for address in (sender, *recipients):
        if not _is_address(parseaddr(address)[1]) or any(c in address for c in "\r\n"):
            raise MailError(f"Địa chỉ thư “{address.strip()[:80]}” chưa đúng, hãy sửa lại rồi gửi.")
    if not _MESSAGE_ID.match(message_id):
        raise ValueError(f"not a Message-ID: {message_id!r}")
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg.set_raw("Subject", _encode_header_text(" ".join(subject.split()), len("Subject: ")))
    msg["Date"] = format_datetime(date or datetime.now().astimezone())
    msg["Message-ID"] = message_id
    msg["X-Mailer"] = "KH57"
    msg.set_content(body, charset="utf-8")
    msg.add_attachment(
        attachment, maintype="application", subtype="octet-stream", filename=attachment_name
    )
    return msg


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """Write *msg* as an unsent draft (.eml, ``X-Unsent: 1``); return the path written.

    Outlook and Thunderbird open it as a new message the officer can send.
    The name becomes ``name (2).eml`` when a different file already has it.
    """
    draft = copy.deepcopy(msg)
    if "X-Unsent" not in draft:
        draft["X-Unsent"] = "1"
    return write_file_safely(Path(path).parent, Path(path).name, draft.as_bytes())


def make_ssl_context(trusted_cert_pem: str | None = None) -> ssl.SSLContext:
    """System-store verification, plus one certificate the officer chose to trust."""
    context = ssl.create_default_context()
    if trusted_cert_pem:
        context.load_verify_locations(cadata=trusted_cert_pem)
    return context


# --------------------------------------------------------------------------- sending


def next_attempt_delay(attempts: int) -> timedelta:
    """Wait before the next try after *attempts* failed ones: 1, 2, 4 … 60 minutes."""
    if attempts <= 0:
        return timedelta(0)
    return min(FIRST_DELAY * (1 << min(attempts - 1, 16)), MAX_DELAY)


def _reason(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:300]


def _local_hostname() -> str:
    """This computer's name for EHLO, without a DNS lookup (which hangs offline)."""
    name = re.sub(r"[^A-Za-z0-9.-]", "", socket.gethostname()).strip(".-")
    return name or "kh57"


def _from_code(code: int, reason: str, phase: str) -> MailError:
    if 400 <= code < 500:
        return TemporaryMailError(
            f"Máy chủ thư tạm thời chưa nhận thư ({code} {reason}), chương trình sẽ tự gửi lại sau.",
            smtp_code=code,
            server_reason=reason,
        )
    if code == 535 or phase == "auth":
        return PermanentMailError(
            f"Máy chủ thư không chấp nhận tên đăng nhập hoặc mật khẩu ({code} {reason}), "
            "hãy kiểm tra lại trong phần cài đặt thư.",
            smtp_code=code,
            server_reason=reason,
        )
    if 500 <= code < 600:
        return PermanentMailError(
            f"Máy chủ thư từ chối thư ({code} {reason}), hãy kiểm tra địa chỉ người nhận "
            "và cài đặt thư hoặc hỏi người quản trị thư.",
            smtp_code=code,
            server_reason=reason,
        )
    return TemporaryMailError(
        "Máy chủ thư trả lời bất thường, chương trình sẽ tự gửi lại sau.",
        smtp_code=code,
        server_reason=reason,
    )


def _classify_smtp(exc: smtplib.SMTPException, phase: str) -> MailError:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        reason = "; ".join(
            f"{addr}: {code} {_reason(text)}" for addr, (code, text) in exc.recipients.items()
        )[:300]
        if codes and all(400 <= code < 500 for code in codes):
            return _from_code(codes[0], reason, phase)
        return PermanentMailError(
            f"Máy chủ thư từ chối mọi người nhận ({reason}), hãy kiểm tra lại địa chỉ người nhận.",
            smtp_code=codes[0] if codes else None,
            server_reason=reason,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return _from_code(exc.smtp_code, _reason(exc.smtp_error), phase)
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, OSError):
        return _classify_os(exc.__context__, phase)  # smtplib wraps timeouts and resets
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return TemporaryMailError(
            "Máy chủ thư ngắt kết nối giữa chừng, chương trình sẽ tự gửi lại sau.",
            maybe_delivered=phase == "send",
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError) and phase == "tls":
        return PermanentMailError(
            "Máy chủ thư không hỗ trợ STARTTLS, hãy chọn kiểu bảo mật SSL (thường cổng 465) "
            "trong phần cài đặt thư.",
            server_reason=_reason(str(exc)),
        )
    return PermanentMailError(
        f"Máy chủ thư không nhận cách gửi này ({_reason(str(exc))}), "
        "hãy kiểm tra phần cài đặt thư hoặc hỏi người quản trị thư.",
        server_reason=_reason(str(exc)),
    )


def _classify_os(exc: OSError, phase: str) -> MailError:
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = _reason(exc.verify_message or str(exc))
        return PermanentMailError(
            f"Chứng chỉ bảo mật của máy chủ thư không được tin cậy ({reason}), thư chưa được gửi; "
            "hãy kiểm tra tên máy chủ hoặc hỏi người quản trị thư.",
            server_reason=reason,
        )
    if isinstance(exc, ssl.SSLError) and not isinstance(
        exc, ssl.SSLEOFError | ssl.SSLZeroReturnError
    ):
        return PermanentMailError(
            "Không thiết lập được kết nối bảo mật với máy chủ thư, hãy kiểm tra cổng và kiểu bảo "
            "mật (STARTTLS thường dùng cổng 587, SSL cổng 465).",
            server_reason=_reason(str(exc)),
        )
    if isinstance(exc, socket.gaierror):
        message = "Không tìm thấy máy chủ thư (chưa có mạng hoặc sai tên máy chủ), chương trình sẽ tự gửi lại khi có mạng."
    elif isinstance(exc, TimeoutError):
        message = "Máy chủ thư không trả lời kịp, chương trình sẽ tự gửi lại sau."
    elif isinstance(exc, ConnectionRefusedError):
        message = "Máy chủ thư không nhận kết nối (có thể sai cổng hoặc máy chủ đang tắt), chương trình sẽ tự gửi lại sau."
    else:
        message = "Chưa kết nối được tới máy chủ thư (mạng chập chờn hoặc chưa có mạng), chương trình sẽ tự gửi lại sau."
    return TemporaryMailError(
        message, server_reason=_reason(str(exc)), maybe_delivered=phase == "send"
    )


def _classify(exc: Exception, phase: str) -> MailError:
    if isinstance(exc, smtplib.SMTPException):
        return _classify_smtp(exc, phase)
    if isinstance(exc, OSError):
        return _classify_os(exc, phase)
    raise exc


def _connect(settings: SmtpSettings, context: ssl.SSLContext | None) -> smtplib.SMTP:
    local = _local_hostname()
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            local_hostname=local,
            timeout=settings.timeout,
            context=context,
        )
    return smtplib.SMTP(
        settings.host, settings.port, local_hostname=local, timeout=settings.timeout
    )


def _close_quietly(smtp: smtplib.SMTP) -> None:
    """QUIT after the message is accepted must not turn success into failure."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH; smtplib encodes credentials as ASCII, so non-ASCII ones go as UTF-8 here."""
    if username.isascii() and password.isascii():
        smtp.login(username, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    mechanisms = smtp.esmtp_features["auth"].upper().split()

    def b64(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    if "PLAIN" in mechanisms:
        code, reply = smtp.docmd("AUTH", "PLAIN " + b64(f"\0{username}\0{password}"))
    elif "LOGIN" in mechanisms:
        code, reply = smtp.docmd("AUTH", "LOGIN " + b64(username))
        if code == 334:
            code, reply = smtp.docmd(b64(password))
    else:
        raise smtplib.SMTPException("No suitable authentication method found.")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def send_message(
    settings: SmtpSettings,
    password: str | None,
    msg: EmailMessage,
    *,
    ssl_context: ssl.SSLContext | None = None,
) -> SendResult:
    """Send *msg*; TemporaryMailError or PermanentMailError (Vietnamese) on failure."""
    if settings.username and not password:
        raise PermanentMailError(
            "Chưa có mật khẩu thư cho tài khoản gửi, hãy nhập mật khẩu trong phần cài đặt thư."
        )
    context = None if settings.security == "none" else ssl_context or ssl.create_default_context()
    phase = "connect"
    try:
        smtp = _connect(settings, context)
    except (smtplib.SMTPException, OSError) as exc:
        raise _classify(exc, phase) from exc
    try:
        smtp.ehlo()
        if settings.security == "starttls":
            phase = "tls"
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.username:
            phase = "auth"
            _login(smtp, settings.username, password or "")
        phase = "send"
        refused: dict[str, tuple[int, bytes]] = smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        smtp.close()
        raise _classify(exc, phase) from exc
    _close_quietly(smtp)
    return _result(msg, refused)


def _result(msg: EmailMessage, refused: Mapping[str, tuple[int, Any]]) -> SendResult:
    recipients = [addr for _, addr in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
    return SendResult(
        message_id=str(msg["Message-ID"]),
        accepted=tuple(addr for addr in recipients if addr not in refused),
        refused={addr: (code, _reason(text)) for addr, (code, text) in refused.items()},
    )
