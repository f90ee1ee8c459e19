"""Every failure of a send classified: TemporaryMailError (retry) or PermanentMailError."""

from __future__ import annotations

import smtplib
import socket
import ssl

from app.errors import MailError
from app.mailer.common import PermanentMailError, TemporaryMailError


def _reason(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:300]


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
        return _all_refused(exc, phase)
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


def _all_refused(exc: smtplib.SMTPRecipientsRefused, phase: str) -> MailError:
    """Every recipient refused: temporary only when every code is 4xx."""
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
