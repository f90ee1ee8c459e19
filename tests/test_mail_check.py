"""“Kiểm tra kết nối…” against a real SMTP server on loopback (aiosmtpd, STARTTLS and SSL).

A self-signed certificate is refused until the officer trusts exactly that
certificate; a different certificate later is refused again.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.db import Database
from app.mailer import PermanentMailError, build_message, make_ssl_context, send_message
from app.services.mail_check import (
    CertInfo,
    check_connection,
    fetch_certificate,
    pem_fingerprint,
)
from app.services.mail_settings import MailSettings, load_mail_settings, save_mail_settings
from sending_support import SENDER, Handler, free_port, make_report

x509 = pytest.importorskip("cryptography.x509")

HOST = "127.0.0.1"
TO = "skhcn@example.vn"


@dataclass(frozen=True)
class Cert:
    cert_path: Path
    key_path: Path
    pem: str
    sha256: str  #: AB:CD:… as shown to the officer
    not_before: dt.datetime
    not_after: dt.datetime


def make_cert(
    folder: Path,
    dns: str = "localhost",
    ip: str | None = HOST,
    *,
    org: str = "UBND tỉnh Thử nghiệm",
    valid_from: dt.datetime | None = None,
    days: int = 30,
) -> Cert:
    """A self-signed certificate (a new key each time) for *dns* and optionally *ip*."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, dns),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]
    )
    names: list[Any] = [x509.DNSName(dns)]
    if ip:
        names.append(x509.IPAddress(ipaddress.ip_address(ip)))
    start = (valid_from or dt.datetime.now(dt.UTC) - timedelta(hours=1)).replace(microsecond=0)
    end = start + timedelta(days=days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{dns}-{cert.serial_number}"
    cert_path, key_path = folder / f"{stem}.pem", folder / f"{stem}.key"
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    cert_path.write_text(pem)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    sha = ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
    return Cert(cert_path, key_path, pem, sha, start, end)


def server_context(cert: Cert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert.cert_path, cert.key_path)
    return context


class Auth:
    """Accepts vanthu / mật-khẩu and records every attempt."""

    def __init__(self) -> None:
        self.attempts: list[Any] = []

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        self.attempts.append(auth_data)
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == b"vanthu"
            and auth_data.password == "mật-khẩu".encode()
        )
        return AuthResult(success=ok, handled=False)


@contextmanager
def tls_server(
    security: str, cert: Cert, handler: Handler | None = None, auth: Auth | None = None
) -> Iterator[int]:
    """An aiosmtpd server on 127.0.0.1 with *cert*: implicit TLS or STARTTLS."""
    port = free_port()
    kwargs: dict[str, Any] = {}
    if security == "ssl":
        kwargs["ssl_context"] = server_context(cert)
    else:
        kwargs["tls_context"] = server_context(cert)
        kwargs["require_starttls"] = True
    if auth is not None:
        kwargs["authenticator"] = auth
        # aiosmtpd counts only STARTTLS as TLS for AUTH; implicit TLS is encrypted too
        kwargs["auth_require_tls"] = security != "ssl"
    controller = Controller(handler or Handler(), hostname=HOST, port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def mail_settings(port: int, security: str, **kw: Any) -> MailSettings:
    args: dict[str, Any] = {"host": HOST, "port": port, "security": security, "sender": SENDER}
    args.update(kw)
    return MailSettings(**args)


def a_message() -> Any:
    return build_message(
        sender=SENDER,
        recipients=[TO],
        subject="Báo cáo tháng 9/2025 — xã Tam Chung",
        body="Kính gửi Sở Khoa học và Công nghệ.\n",
        attachment_name="KH57_Tam-Chung_2025-09_r1.kh57",
        attachment=b"PK\x03\x04" + bytes(range(256)),
        message_id="<kh57.test@tamchung.example.vn>",
    )


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Cert]:
    folder = tmp_path_factory.mktemp("mail-check-tls")
    return {
        "first": make_cert(folder),
        "second": make_cert(folder, org="Máy chủ thay thế"),
        "other_host": make_cert(folder, "mail.other.example", None),
        "expired": make_cert(
            folder, valid_from=dt.datetime.now(dt.UTC) - timedelta(days=60), days=30
        ),
    }


def assert_describes(info: CertInfo, cert: Cert) -> None:
    assert info.sha256 == cert.sha256 == pem_fingerprint(cert.pem)
    assert pem_fingerprint(info.pem) == cert.sha256
    assert "CN=localhost" in info.subject and "O=" in info.subject
    assert info.issuer == info.subject  # self-signed
    assert info.not_before == cert.not_before
    assert info.not_after == cert.not_after
    text = info.describe_vi()
    assert f"{cert.not_before:%d/%m/%Y}" in text and f"{cert.not_after:%d/%m/%Y}" in text
    assert cert.sha256 in text and "Cấp cho: CN=localhost" in text


# --------------------------------------------------------------------------- the flow


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_self_signed_is_refused_until_trusted_then_a_new_certificate_is_refused_again(
    security: str, certs: dict[str, Cert]
) -> None:
    first, second = certs["first"], certs["second"]
    handler = Handler()
    with tls_server(security, first, handler) as port:
        settings = mail_settings(port, security)
        result = check_connection(settings, None, timeout=5)
        assert not result.ok and result.untrusted_cert is not None
        assert "tự cấp" in result.message_vi
        assert_describes(result.untrusted_cert, first)
        assert fetch_certificate(HOST, port, security, timeout=5) == result.untrusted_cert
        with pytest.raises(PermanentMailError, match="Chứng chỉ"):
            send_message(settings.smtp(), None, a_message())

        trusted = replace(settings, trusted_cert_pem=result.untrusted_cert.pem)
        again = check_connection(trusted, None, timeout=5)
        assert again.ok and again.untrusted_cert is None, again.message_vi
        assert "thành công" in again.message_vi
        send_message(
            trusted.smtp(),
            None,
            a_message(),
            ssl_context=make_ssl_context(trusted.trusted_cert_pem),
        )
    assert len(handler.received) == 1  # only the send; checks never send anything

    handler = Handler()
    with tls_server(security, second, handler) as port:  # the server's certificate changed
        moved = replace(trusted, port=port)
        changed = check_connection(moved, None, timeout=5)
        assert not changed.ok and changed.untrusted_cert is not None
        assert changed.untrusted_cert.sha256 == second.sha256 != first.sha256
        assert "KHÁC" in changed.message_vi
        with pytest.raises(PermanentMailError, match="Chứng chỉ"):
            send_message(
                moved.smtp(),
                None,
                a_message(),
                ssl_context=make_ssl_context(moved.trusted_cert_pem),
            )
    assert handler.received == []


def test_background_sender_uses_the_trusted_certificate(
    db: Database, certs: dict[str, Cert]
) -> None:
    """Saved with the settings, the trusted certificate is what the outbox sends with."""
    from app.services.outbox import queue_email, retry_failed
    from app.ui.outbox_worker import send_once

    first, second = certs["first"], certs["second"]
    queue_email(db, make_report(db), [TO])
    handler = Handler()
    with tls_server("starttls", first, handler) as port:
        save_mail_settings(db, mail_settings(port, "starttls"))
        refused = send_once(db)
        assert refused is not None and refused.failed and handler.received == []

        found = check_connection(load_mail_settings(db), None, timeout=5).untrusted_cert
        assert found is not None
        save_mail_settings(db, replace(load_mail_settings(db), trusted_cert_pem=found.pem))
        loaded = load_mail_settings(db)
        assert pem_fingerprint(loaded.trusted_cert_pem) == first.sha256
        assert check_connection(loaded, None, timeout=5).ok
        retry_failed(db, refused.failed[0])  # the officer presses "Gửi lại"
        sent = send_once(db)
    assert sent is not None and sent.sent and len(handler.received) == 1

    queue_email(db, make_report(db, period="2025-10"), [TO])
    handler = Handler()
    with tls_server("starttls", second, handler) as port:  # a new certificate: refused again
        save_mail_settings(db, replace(load_mail_settings(db), port=port))
        again = send_once(db)
    assert again is not None and again.failed and handler.received == []


def test_login_is_checked_only_over_a_verified_connection(certs: dict[str, Cert]) -> None:
    first, auth = certs["first"], Auth()
    with tls_server("starttls", first, auth=auth) as port:
        settings = mail_settings(port, "starttls", username="vanthu")
        untrusted = check_connection(settings, "mật-khẩu", timeout=5)
        assert untrusted.untrusted_cert is not None
        assert auth.attempts == []  # the password never went over the unverified handshake

        trusted = replace(settings, trusted_cert_pem=untrusted.untrusted_cert.pem)
        ok = check_connection(trusted, "mật-khẩu", timeout=5)
        assert ok.ok and "đăng nhập thành công" in ok.message_vi
        wrong = check_connection(trusted, "sai", timeout=5)
        assert not wrong.ok and "mật khẩu" in wrong.message_vi and "535" in wrong.message_vi
        missing = check_connection(trusted, None, timeout=5)
        assert missing.ok and "chưa có mật khẩu" in missing.message_vi
    assert len(auth.attempts) >= 2  # smtplib tries PLAIN then LOGIN with a wrong password


def test_server_without_login(certs: dict[str, Cert]) -> None:
    first = certs["first"]
    settings = mail_settings(0, "ssl", username="vanthu", trusted_cert_pem=first.pem)
    with tls_server("ssl", first) as port:
        result = check_connection(replace(settings, port=port), "mật-khẩu", timeout=5)
    assert not result.ok and "không cho đăng nhập" in result.message_vi


def test_certificate_for_another_host_is_not_offered(certs: dict[str, Cert]) -> None:
    with tls_server("ssl", certs["other_host"]) as port:
        result = check_connection(mail_settings(port, "ssl"), None, timeout=5)
    assert not result.ok and result.untrusted_cert is None
    assert "không thể dùng được" in result.message_vi
    assert "match" in result.message_vi.lower()


def test_expired_certificate_is_not_offered(certs: dict[str, Cert]) -> None:
    with tls_server("starttls", certs["expired"]) as port:
        result = check_connection(mail_settings(port, "starttls"), None, timeout=5)
    assert not result.ok and result.untrusted_cert is None
    assert "expired" in result.message_vi


def test_plain_server_without_starttls(certs: dict[str, Cert]) -> None:
    port = free_port()
    controller = Controller(Handler(), hostname=HOST, port=port)
    controller.start()
    try:
        result = check_connection(mail_settings(port, "starttls"), None, timeout=5)
    finally:
        controller.stop()
    assert not result.ok and "không hỗ trợ STARTTLS" in result.message_vi


def test_nobody_listening() -> None:
    result = check_connection(mail_settings(free_port(), "ssl"), None, timeout=5)
    assert not result.ok and result.untrusted_cert is None
    assert "không nhận kết nối" in result.message_vi


def test_bad_settings_are_reported_not_raised() -> None:
    result = check_connection(MailSettings(host="", sender=SENDER), None)
    assert not result.ok and "máy chủ" in result.message_vi


def test_describe_without_dates() -> None:
    info = CertInfo("", "CN=a", "CN=b", None, None, "AB")
    assert "từ (không rõ) đến (không rõ)" in info.describe_vi()
