"""The SMTP conversation: connect, STARTTLS, log in (UTF-8 too), send, retry delays."""

from __future__ import annotations

import base64
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping
from datetime import timedelta
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

from app.mailer.classify import _classify, _reason
from app.mailer.common import (
    FIRST_DELAY,
    MAX_DELAY,
    PermanentMailError,
    SendResult,
    SmtpSettings,
)


def next_attempt_delay(attempts: int) -> timedelta:
    """Wait before the next try after *attempts* failed ones: 1, 2, 4 … 60 minutes."""
    if attempts <= 0:
        return timedelta(0)
    return min(FIRST_DELAY * (1 << min(attempts - 1, 16)), MAX_DELAY)


def _local_hostname() -> str:
    """This computer's name for EHLO, without a DNS lookup (which hangs offline)."""
    name = re.sub(r"[^A-Za-z0-9.-]", "", socket.gethostname()).strip(".-")
    return name or "kh57"


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
    try:
        smtp = _connect(settings, context)
    except (smtplib.SMTPException, OSError) as exc:
        raise _classify(exc, "connect") from exc
    refused = _deliver(smtp, msg, settings=settings, password=password, context=context)
    _close_quietly(smtp)
    return _result(msg, refused)


def _deliver(
    smtp: smtplib.SMTP,
    msg: EmailMessage,
    *,
    settings: SmtpSettings,
    password: str | None,
    context: ssl.SSLContext | None,
) -> dict[str, tuple[int, bytes]]:
    """EHLO, STARTTLS, AUTH and the message; a failure is classified by the phase it hit."""
    phase = "connect"
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
    return refused


def _result(msg: EmailMessage, refused: Mapping[str, tuple[int, Any]]) -> SendResult:
    recipients = [addr for _, addr in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
    return SendResult(
        message_id=str(msg["Message-ID"]),
        accepted=tuple(addr for addr in recipients if addr not in refused),
        refused={addr: (code, _reason(text)) for addr, (code, text) in refused.items()},
    )
