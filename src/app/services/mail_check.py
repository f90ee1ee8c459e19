"""“Kiểm tra kết nối…”: try the mail server, and let the officer trust a self-signed certificate.

:func:`check_connection` connects exactly as sending does (TLS verified against
the system store plus the certificate the officer trusted, host name checked),
logs in when an account is set, and says in Vietnamese what works and what
does not. It never sends a message.

When verification fails only because nobody vouches for the certificate (a
self-signed certificate, or one from a private authority), the server's
certificate is fetched by :func:`fetch_certificate` — a handshake with
verification off, used ONLY to read the certificate: no login and no message
ever goes over it. A second handshake then checks that trusting exactly that
certificate would pass full verification (host name, dates); only then is it
offered to the officer (``ConnectionCheck.untrusted_cert``), who decides.
"""

from __future__ import annotations

import _ssl
import contextlib
import hashlib
import os
import re
import smtplib
import socket
import ssl
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from app.errors import MailError
from app.mailer import Security, SmtpSettings, make_ssl_context
from app.mailer import _login as _login  # UTF-8 credentials, exactly as sending logs in
from app.services.mail_settings import MailSettings

CHECK_TIMEOUT = 15.0

#: OpenSSL verify codes meaning "no trusted authority vouches for this certificate".
UNTRUSTED_CODES = frozenset(
    {
        2,  # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
        18,  # X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        19,  # X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
        20,  # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        21,  # X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
        27,  # X509_V_ERR_CERT_UNTRUSTED
    }
)

_NAME_KEYS = {
    "commonName": "CN",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "countryName": "C",
    "stateOrProvinceName": "ST",
    "localityName": "L",
    "emailAddress": "E",
}


@dataclass(frozen=True)
class CertInfo:
    """A server certificate as shown to the officer before trusting it."""

    pem: str
    subject: str
    issuer: str
    not_before: datetime | None  #: UTC; None when the date could not be read
    not_after: datetime | None
    sha256: str  #: fingerprint, ``AB:CD:…`` (64 hex digits)

    def describe_vi(self) -> str:
        """The certificate in plain Vietnamese, dates as dd/mm/yyyy."""

        def day(moment: datetime | None) -> str:
            return "(không rõ)" if moment is None else f"{moment:%d/%m/%Y}"

        return (
            f"Cấp cho: {self.subject}\n"
            f"Cấp bởi: {self.issuer}\n"
            f"Hiệu lực: từ {day(self.not_before)} đến {day(self.not_after)}\n"
            f"Dấu vân tay SHA-256:\n{self.sha256}"
        )


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message_vi: str
    #: Set only when verification failed because the certificate is not trusted
    #: and trusting this very certificate would make the connection verify.
    untrusted_cert: CertInfo | None = None


# --------------------------------------------------------------------------- certificates


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def pem_fingerprint(pem: str) -> str:
    """SHA-256 fingerprint of a PEM certificate ("" when *pem* is not one)."""
    try:
        return fingerprint(ssl.PEM_cert_to_DER_cert(pem.strip() + "\n"))
    except ValueError:
        return ""


def _name(rdns: Any) -> str:
    parts: list[str] = []
    for rdn in rdns or ():
        for key, value in rdn:
            parts.append(f"{_NAME_KEYS.get(key, key)}={value}")
    return ", ".join(parts) or "(không có tên)"


def _when(text: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(ssl.cert_time_to_seconds(str(text)), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _decode(pem: str) -> dict[str, Any]:
    """Subject, issuer and dates of *pem* with the standard library's own decoder.

    ``getpeercert()`` only describes verified certificates, and the
    ``cryptography`` package is not shipped with the program, so the decoder
    ``ssl`` itself uses is called on a temporary file.
    """
    decode = getattr(_ssl, "_test_decode_cert", None)
    if decode is None:
        return {}
    fd, path = tempfile.mkstemp(prefix="kh57-cert-", suffix=".pem")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(pem)
        decoded = decode(path)
    except (OSError, ssl.SSLError, ValueError):
        return {}
    finally:
        with contextlib.suppress(OSError):
            os.remove(path)
    return decoded if isinstance(decoded, dict) else {}


def cert_info(der: bytes) -> CertInfo:
    """Describe a DER certificate (as received from the server)."""
    pem = ssl.DER_cert_to_PEM_cert(der)
    decoded = _decode(pem)
    return CertInfo(
        pem=pem,
        subject=_name(decoded.get("subject")),
        issuer=_name(decoded.get("issuer")),
        not_before=_when(decoded.get("notBefore")),
        not_after=_when(decoded.get("notAfter")),
        sha256=fingerprint(der),
    )


def _local_hostname() -> str:
    name = re.sub(r"[^A-Za-z0-9.-]", "", socket.gethostname()).strip(".-")
    return name or "kh57"


def _open(
    host: str, port: int, security: Security, context: ssl.SSLContext | None, timeout: float
) -> smtplib.SMTP:
    """Connect and, for STARTTLS, upgrade; the TLS handshake uses *context*."""
    local = _local_hostname()
    if security == "ssl":
        return smtplib.SMTP_SSL(host, port, local_hostname=local, timeout=timeout, context=context)
    smtp = smtplib.SMTP(host, port, local_hostname=local, timeout=timeout)
    try:
        smtp.ehlo()
        if security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
    except BaseException:
        smtp.close()
        raise
    return smtp


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def fetch_certificate(
    host: str, port: int, security: Security, *, timeout: float = CHECK_TIMEOUT
) -> CertInfo:
    """The certificate the server presents (MailError in Vietnamese when unreachable).

    The handshake is made WITHOUT verification only to read the certificate;
    the connection is closed right after (QUIT): no login, no message.
    """
    if security not in ("ssl", "starttls"):
        raise MailError("Kết nối không mã hoá thì không có chứng chỉ để kiểm tra.")
    reader = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    reader.check_hostname = False
    reader.verify_mode = ssl.CERT_NONE
    try:
        smtp = _open(host, port, security, reader, timeout)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(_message(exc, host, port, timeout)) from exc
    try:
        sock = smtp.sock
        der = sock.getpeercert(binary_form=True) if isinstance(sock, ssl.SSLSocket) else None
    finally:
        _quit(smtp)
    if not der:
        raise MailError("Máy chủ thư không gửi chứng chỉ bảo mật nào, hãy hỏi người quản trị thư.")
    return cert_info(der)


# --------------------------------------------------------------------------- checking


def _cause(exc: BaseException) -> BaseException:
    """smtplib wraps resets and timeouts in SMTPServerDisconnected: the OS error inside."""
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, OSError):
        return exc.__context__
    return exc


def _reason(raw: Any) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:200]


def _message(exc: BaseException, host: str, port: int, timeout: float) -> str:
    """One Vietnamese sentence for a failed check."""
    exc = _cause(exc)
    if isinstance(exc, ssl.SSLCertVerificationError):
        what = {
            9: "chưa đến ngày có hiệu lực (hoặc đồng hồ máy này bị sai)",
            10: "đã hết hạn",
            62: f"không được cấp cho tên máy chủ “{host}” (có thể nhập sai tên máy chủ)",
            64: f"không được cấp cho địa chỉ “{host}” (có thể nhập sai tên máy chủ)",
        }.get(exc.verify_code or 0, "không hợp lệ")
        return (
            f"Chứng chỉ bảo mật của máy chủ thư {what} ({_reason(exc.verify_message or exc)}); "
            "hãy kiểm tra lại hoặc hỏi người quản trị thư. Chương trình không gửi thư qua "
            "kết nối này."
        )
    if isinstance(exc, ssl.SSLError):
        return (
            "Không thiết lập được kết nối bảo mật với máy chủ thư, hãy kiểm tra cổng và kiểu "
            "bảo mật (STARTTLS thường dùng cổng 587, SSL cổng 465)."
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError) and "auth" in str(exc).lower():
        return (
            "Kết nối được nhưng máy chủ thư không cho đăng nhập trên kết nối này; nếu máy chủ "
            "không cần đăng nhập hãy xoá tên đăng nhập, nếu không hãy hỏi người quản trị thư."
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return (
            "Máy chủ thư không hỗ trợ STARTTLS, hãy chọn kiểu bảo mật SSL (thường cổng 465) "
            "hoặc hỏi người quản trị thư."
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (
            "Kết nối được nhưng máy chủ thư không chấp nhận tên đăng nhập hoặc mật khẩu "
            f"({exc.smtp_code} {_reason(exc.smtp_error)}), hãy nhập lại."
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Máy chủ thư trả lời lỗi ({exc.smtp_code} {_reason(exc.smtp_error)})."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return (
            "Máy chủ thư ngắt kết nối giữa chừng, hãy kiểm tra cổng và kiểu bảo mật "
            "(STARTTLS thường dùng cổng 587, SSL cổng 465)."
        )
    if isinstance(exc, socket.gaierror):
        return (
            f"Không tìm thấy máy chủ thư “{host}” (sai tên máy chủ hoặc máy chưa có mạng), "
            "hãy kiểm tra lại."
        )
    if isinstance(exc, TimeoutError):
        return (
            f"Máy chủ thư {host} không trả lời ở cổng {port} sau {timeout:g} giây (sai cổng, "
            "mạng chặn hoặc máy chủ đang tắt)."
        )
    if isinstance(exc, ConnectionRefusedError):
        return (
            f"Máy chủ thư {host} không nhận kết nối ở cổng {port} (sai cổng hoặc máy chủ đang "
            "tắt), hãy kiểm tra lại."
        )
    if isinstance(exc, smtplib.SMTPException):
        return f"Máy chủ thư báo lỗi ({_reason(exc)}), hãy hỏi người quản trị thư."
    return f"Chưa kết nối được tới máy chủ thư ({_reason(exc)}), hãy kiểm tra mạng rồi thử lại."


def _probe(smtp_settings: SmtpSettings, password: str | None, context: ssl.SSLContext) -> str:
    """Connect, verify, log in, QUIT; the success message (exceptions propagate)."""
    s = smtp_settings
    smtp = _open(s.host, s.port, s.security, context, s.timeout)
    try:
        if s.username and password:
            _login(smtp, s.username, password)  # the same AUTH as sending
        else:
            smtp.noop()
    except BaseException:
        smtp.close()
        raise
    _quit(smtp)
    where = f"{s.host}:{s.port}"
    if s.username and not password:
        return (
            f"Kết nối bảo mật tới máy chủ thư {where} tốt, nhưng chưa có mật khẩu để thử đăng "
            "nhập; hãy nhập mật khẩu rồi kiểm tra lại."
        )
    if s.username:
        return f"Kết nối tới máy chủ thư {where} và đăng nhập thành công."
    return f"Kết nối bảo mật tới máy chủ thư {where} thành công."


def _untrusted(exc: BaseException) -> bool:
    exc = _cause(exc)
    return isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_code in UNTRUSTED_CODES


def check_connection(
    settings: MailSettings, password: str | None, *, timeout: float = CHECK_TIMEOUT
) -> ConnectionCheck:
    """Try the configured server as sending would; never raises for server trouble."""
    try:
        smtp_settings = replace(settings.smtp(), timeout=timeout)
    except MailError as exc:
        return ConnectionCheck(False, exc.message)
    if smtp_settings.security == "none":
        return ConnectionCheck(False, "Hãy chọn kiểu bảo mật STARTTLS hoặc SSL.")
    s = smtp_settings
    try:
        return ConnectionCheck(
            True, _probe(s, password, make_ssl_context(settings.trusted_cert_pem or None))
        )
    except (smtplib.SMTPException, OSError) as exc:
        if not _untrusted(exc):
            return ConnectionCheck(False, _message(exc, s.host, s.port, timeout))
        first = exc
    try:
        cert = fetch_certificate(s.host, s.port, s.security, timeout=timeout)
    except MailError:
        return ConnectionCheck(False, _message(first, s.host, s.port, timeout))
    try:  # would trusting exactly this certificate pass full verification?
        _quit(_open(s.host, s.port, s.security, make_ssl_context(cert.pem), timeout))
    except (smtplib.SMTPException, OSError) as exc:
        detail = _message(exc, s.host, s.port, timeout)
        return ConnectionCheck(
            False,
            "Máy chủ thư dùng chứng chỉ bảo mật chưa được tin cậy và không thể dùng được "
            f"ngay cả khi tin cậy nó. {detail}",
        )
    known = bool(settings.trusted_cert_pem.strip())
    message = (
        "Máy chủ thư đang dùng một chứng chỉ bảo mật KHÁC với chứng chỉ đã tin cậy trước đây; "
        "thư chưa được gửi qua kết nối này. Chỉ tin cậy chứng chỉ mới khi người quản trị thư "
        "xác nhận đã thay chứng chỉ."
        if known
        else "Chứng chỉ bảo mật của máy chủ thư là chứng chỉ tự cấp, không được hệ điều hành "
        "tin cậy; thư chưa được gửi qua kết nối này. Chỉ tin cậy chứng chỉ khi người quản trị "
        "thư xác nhận đúng dấu vân tay."
    )
    return ConnectionCheck(False, message, cert)
