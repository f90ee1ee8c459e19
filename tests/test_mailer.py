"""Mail transport against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app import mailer
from app.errors import MailError
from app.mailer import (
    PermanentMailError,
    SmtpSettings,
    TemporaryMailError,
    build_message,
    make_message_id,
    make_ssl_context,
    next_attempt_delay,
    send_message,
    write_eml,
)

HOST = "127.0.0.1"
SENDER = "vanthu.tamchung@example.vn"
TO = "skhcn@example.vn"
SUBJECT = "Báo cáo tháng 9/2025 — xã Tam Chung: kết quả thực hiện Nghị quyết 57-NQ/TW"
BODY = "Kính gửi Sở Khoa học và Công nghệ,\n\nUBND xã Tam Chung gửi kèm báo cáo kỳ 2025-09.\n"
BUNDLE = b"PK\x03\x04" + bytes(range(256)) * 64
BUNDLE_ID = "0b8f3c8e-1f7e-5a57-9d57-4b4835372d31"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        msg = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg


class Handler:
    """Records messages; replies from scripted lists (empty → 250)."""

    def __init__(
        self,
        *,
        data: list[str] | None = None,
        rcpt: dict[str, str] | None = None,
        drop_after_data: bool = False,
    ) -> None:
        self.received: list[Received] = []
        self.data_replies = list(data or [])
        self.rcpt_replies = rcpt or {}
        self.drop_after_data = drop_after_data

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
        )
        if self.drop_after_data:
            server.transport.close()
        return self.data_replies.pop(0) if self.data_replies else "250 Message accepted"


@contextmanager
def smtp_server(handler: Handler, **kwargs: Any) -> Iterator[int]:
    port = free_port()
    controller = Controller(handler, hostname=HOST, port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def settings(port: int, security: str = "none", **kw: Any) -> SmtpSettings:
    args: dict[str, Any] = {
        "host": HOST,
        "port": port,
        "security": security,
        "username": None,
        "sender": SENDER,
        "timeout": 5.0,
    }
    args.update(kw)
    return SmtpSettings(**args)


def message(recipients: list[str] | None = None) -> EmailMessage:
    return build_message(
        sender=f"UBND xã Tam Chung <{SENDER}>",
        recipients=recipients or [TO],
        subject=SUBJECT,
        body=BODY,
        attachment_name="KH57_Tam-Chung_2025-09_r1.kh57",
        attachment=BUNDLE,
        message_id=make_message_id(BUNDLE_ID, "tamchung.example.vn"),
        date=dt.datetime(2025, 9, 16, 9, 0, tzinfo=dt.timezone(timedelta(hours=7))),
    )


def assert_intact(received: Received) -> None:
    msg = received.message
    assert msg["Subject"] == SUBJECT
    assert msg["Message-ID"] == f"<kh57.{BUNDLE_ID}@tamchung.example.vn>"
    assert "Tam Chung" in str(msg["From"]) and msg["From"].addresses[0].addr_spec == SENDER
    body = msg.get_body(("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n") == BODY
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/octet-stream"
    assert attachment.get_filename() == "KH57_Tam-Chung_2025-09_r1.kh57"
    assert attachment.get_content() == BUNDLE


# --------------------------------------------------------------------------- plain


def test_message_arrives_intact() -> None:
    handler = Handler()
    with smtp_server(handler) as port:
        result = send_message(settings(port), None, message())
    [received] = handler.received
    assert received.mail_from == SENDER and received.rcpt_tos == [TO]
    assert_intact(received)
    assert result.message_id == f"<kh57.{BUNDLE_ID}@tamchung.example.vn>"
    assert result.accepted == (TO,) and dict(result.refused) == {}


def test_temporary_4xx_then_success_keeps_the_message_id() -> None:
    handler = Handler(data=["451 4.3.0 Mail server temporarily rejected message"])
    msg = message()
    with smtp_server(handler) as port:
        with pytest.raises(TemporaryMailError) as info:
            send_message(settings(port), None, msg)
        assert info.value.smtp_code == 451
        assert "temporarily rejected" in info.value.server_reason
        send_message(settings(port), None, msg)
    assert [r.message["Message-ID"] for r in handler.received] == [msg["Message-ID"]] * 2
    assert_intact(handler.received[1])


def test_permanent_5xx_recipient_refused_carries_the_reason() -> None:
    handler = Handler(rcpt={TO: "550 5.1.1 Mailbox skhcn does not exist"})
    with smtp_server(handler) as port, pytest.raises(PermanentMailError) as info:
        send_message(settings(port), None, message())
    assert info.value.smtp_code == 550
    assert "Mailbox skhcn does not exist" in info.value.server_reason
    assert "Mailbox skhcn does not exist" in info.value.message
    assert handler.received == []


def test_permanent_5xx_at_data() -> None:
    handler = Handler(data=["554 5.7.1 Message rejected as spam"])
    with smtp_server(handler) as port, pytest.raises(PermanentMailError) as info:
        send_message(settings(port), None, message())
    assert info.value.smtp_code == 554 and "rejected as spam" in info.value.message


def test_some_recipients_refused_is_a_success_that_names_them() -> None:
    other = "bcd57@example.vn"
    handler = Handler(rcpt={other: "550 5.1.1 No such user"})
    with smtp_server(handler) as port:
        result = send_message(settings(port), None, message([TO, other]))
    assert result.accepted == (TO,)
    assert result.refused == {other: (550, "5.1.1 No such user")}


def test_all_recipients_4xx_is_temporary() -> None:
    handler = Handler(rcpt={TO: "450 4.2.1 Mailbox busy, try later"})
    with smtp_server(handler) as port, pytest.raises(TemporaryMailError) as info:
        send_message(settings(port), None, message())
    assert info.value.smtp_code == 450


def test_server_drops_the_line_after_data() -> None:
    handler = Handler(drop_after_data=True)
    with smtp_server(handler) as port, pytest.raises(TemporaryMailError) as info:
        send_message(settings(port), None, message())
    assert info.value.maybe_delivered  # SMTP's unavoidable window: resend keeps the id
    assert len(handler.received) == 1


def test_connection_refused_is_temporary() -> None:
    with pytest.raises(TemporaryMailError) as info:
        send_message(settings(free_port()), None, message())
    assert not info.value.maybe_delivered
    assert "tự gửi lại" in info.value.message


def test_silent_server_times_out_as_temporary() -> None:
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        with pytest.raises(TemporaryMailError, match="không trả lời kịp"):
            send_message(settings(port, timeout=0.3), None, message())


def test_dns_failure_is_temporary(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: Any, **kwargs: Any) -> socket.socket:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", no_dns)
    with pytest.raises(TemporaryMailError, match="Không tìm thấy máy chủ thư"):
        send_message(settings(25, "starttls", host="smtp.example.vn"), "pw", message())


# --------------------------------------------------------------------------- auth


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == b"vanthu"
        and (auth_data.password == "mật-khẩu".encode())
    )
    return AuthResult(success=ok, handled=False)


def test_login_success_and_wrong_password() -> None:
    handler = Handler()
    with smtp_server(handler, authenticator=_authenticator, auth_require_tls=False) as port:
        send_message(settings(port, username="vanthu"), "mật-khẩu", message())
        with pytest.raises(PermanentMailError) as info:
            send_message(settings(port, username="vanthu"), "sai", message())
    assert info.value.smtp_code == 535 and "mật khẩu" in info.value.message
    assert len(handler.received) == 1


def test_non_ascii_password_with_auth_login() -> None:
    handler = Handler()
    kwargs = {
        "authenticator": _authenticator,
        "auth_require_tls": False,
        "auth_exclude_mechanism": ["PLAIN"],
    }
    with smtp_server(handler, **kwargs) as port:
        send_message(settings(port, username="vanthu"), "mật-khẩu", message())
        with pytest.raises(PermanentMailError):
            send_message(settings(port, username="vanthu"), "mật-khẩu-sai", message())
    assert len(handler.received) == 1


def test_username_without_password() -> None:
    with pytest.raises(PermanentMailError, match="Chưa có mật khẩu"):
        send_message(settings(free_port(), username="vanthu"), None, message())


# --------------------------------------------------------------------------- TLS


def _self_signed(folder: Path, dns: str, ip: str | None) -> tuple[Path, Path, str]:
    x509 = pytest.importorskip("cryptography.x509")
    import ipaddress

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, dns)])
    names: list[Any] = [x509.DNSName(dns)]
    if ip:
        names.append(x509.IPAddress(ipaddress.ip_address(ip)))
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{dns}.pem", folder / f"{dns}.key"
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    cert_path.write_text(pem)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path, pem


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A self-signed certificate for 127.0.0.1 / localhost."""
    return _self_signed(tmp_path_factory.mktemp("tls"), "localhost", HOST)


@pytest.fixture(scope="module")
def other_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A self-signed certificate for another host name."""
    return _self_signed(tmp_path_factory.mktemp("tls-other"), "mail.other.example", None)


def _server_context(certificate: tuple[Path, Path, str]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate[0], certificate[1])
    return context


def test_ssl_self_signed_refused_unless_trusted(certificate: tuple[Path, Path, str]) -> None:
    handler = Handler()
    with smtp_server(handler, ssl_context=_server_context(certificate)) as port:
        with pytest.raises(PermanentMailError, match="Chứng chỉ") as info:
            send_message(settings(port, "ssl"), None, message())
        assert "self-signed" in info.value.server_reason or "verify" in info.value.server_reason
        send_message(
            settings(port, "ssl"), None, message(), ssl_context=make_ssl_context(certificate[2])
        )
    assert len(handler.received) == 1
    assert_intact(handler.received[0])


def test_starttls_self_signed_refused_unless_trusted(
    certificate: tuple[Path, Path, str],
) -> None:
    handler = Handler()
    kwargs = {"tls_context": _server_context(certificate), "require_starttls": True}
    with smtp_server(handler, **kwargs) as port:
        with pytest.raises(PermanentMailError, match="Chứng chỉ"):
            send_message(settings(port, "starttls"), None, message())
        send_message(
            settings(port, "starttls"),
            None,
            message(),
            ssl_context=make_ssl_context(certificate[2]),
        )
    assert len(handler.received) == 1


def test_trusted_certificate_still_checks_the_host_name(
    other_certificate: tuple[Path, Path, str],
) -> None:
    handler = Handler()
    with smtp_server(handler, ssl_context=_server_context(other_certificate)) as port:
        trusted = make_ssl_context(other_certificate[2])  # names mail.other.example only
        with pytest.raises(PermanentMailError, match="Chứng chỉ") as info:
            send_message(settings(port, "ssl"), None, message(), ssl_context=trusted)
    assert "mismatch" in info.value.server_reason.lower() or "match" in info.value.server_reason
    assert handler.received == []


def test_starttls_not_offered_is_permanent() -> None:
    with smtp_server(Handler()) as port, pytest.raises(PermanentMailError, match="STARTTLS"):
        send_message(settings(port, "starttls"), None, message())


def test_ssl_against_a_plain_server_is_refused() -> None:
    with smtp_server(Handler()) as port, pytest.raises(MailError):
        send_message(settings(port, "ssl", timeout=2.0), None, message())


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize("host", ["smtp.gmail.com", "192.168.1.10", "10.0.0.1", "mail.xa.gov.vn"])
def test_plain_refused_for_non_loopback_hosts(host: str) -> None:
    with pytest.raises(MailError, match="không mã hoá"):
        settings(25, "none", host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost"])
def test_plain_allowed_for_loopback(host: str) -> None:
    assert settings(2525, "none", host=host).security == "none"


@pytest.mark.parametrize(
    "changes",
    [
        {"port": 0},
        {"port": 70000},
        {"security": "tls"},
        {"sender": "not an address"},
        {"host": " "},
        {"timeout": 0},
    ],
)
def test_bad_settings(changes: dict[str, Any]) -> None:
    args: dict[str, Any] = {
        "host": "smtp.example.vn",
        "port": 587,
        "security": "starttls",
        "username": None,
        "sender": SENDER,
        **changes,
    }
    with pytest.raises(MailError):
        SmtpSettings(**args)


def test_back_off_schedule() -> None:
    minutes = [next_attempt_delay(n) / timedelta(minutes=1) for n in range(0, 10)]
    assert minutes == [0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert next_attempt_delay(10**6) == timedelta(hours=1)


# --------------------------------------------------------------------------- messages


def test_message_id_is_deterministic() -> None:
    first = make_message_id(BUNDLE_ID, "TamChung.Example.VN")
    assert first == make_message_id(BUNDLE_ID, "tamchung.example.vn")
    assert first == f"<kh57.{BUNDLE_ID}@tamchung.example.vn>"
    keyed = make_message_id(BUNDLE_ID, "tamchung.example.vn", key="outbox-7")
    assert keyed != first and keyed == make_message_id(
        BUNDLE_ID, "tamchung.example.vn", key="outbox-7"
    )
    assert make_message_id("x>y", "bad domain<>") == "<kh57.xy@baddomain>"


def test_raw_message_is_ascii_with_encoded_vietnamese() -> None:
    raw = message().as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii() and b"=?utf-8?" in head
    assert b"\r\n" in raw


@pytest.mark.parametrize(
    "changes",
    [
        {"recipients": []},
        {"recipients": ["a@b.vn\r\nBcc: victim@x.vn"]},
        {"recipients": ["khong-phai-dia-chi"]},
        {"sender": "vanthu@xa.vn\nBcc: x@y.vn"},
    ],
)
def test_bad_addresses_are_refused(changes: dict[str, Any]) -> None:
    args: dict[str, Any] = {
        "sender": SENDER,
        "recipients": [TO],
        "subject": SUBJECT,
        "body": BODY,
        "attachment_name": "a.kh57",
        "attachment": b"x",
        "message_id": "<a@b>",
    }
    args.update(changes)
    with pytest.raises(MailError):
        build_message(**args)


def test_write_eml_draft(tmp_path: Path) -> None:
    msg = message()
    path = write_eml(msg, tmp_path / "bao-cao.eml")
    assert path == tmp_path / "bao-cao.eml"
    raw = path.read_bytes()
    assert b"X-Unsent: 1\r\n" in raw
    draft = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(draft, EmailMessage)
    assert draft["Subject"] == SUBJECT and draft["Message-ID"] == msg["Message-ID"]
    [attachment] = list(draft.iter_attachments())
    assert attachment.get_content() == BUNDLE
    assert "X-Unsent" not in msg  # the outbox's message is unchanged


# --------------------------------------------------------------------------- passwords


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError("none")
        del self.store[(service, username)]


@pytest.fixture
def use_keyring() -> Iterator[Any]:
    """Install a keyring backend for one test, then restore the previous one."""
    before = keyring.get_keyring()

    def use(backend: Any) -> Any:
        keyring.set_keyring(backend)
        return backend

    try:
        yield use
    finally:
        keyring.set_keyring(before)


def test_password_round_trip(use_keyring: Any) -> None:
    backend = use_keyring(MemoryKeyring())
    assert mailer.get_password("vanthu@xa.vn") is None
    mailer.set_password("vanthu@xa.vn", "mật-khẩu")
    assert backend.store == {("KH57", "vanthu@xa.vn"): "mật-khẩu"}
    assert mailer.get_password("vanthu@xa.vn") == "mật-khẩu"
    mailer.delete_password("vanthu@xa.vn")
    mailer.delete_password("vanthu@xa.vn")  # twice is fine
    assert mailer.get_password("vanthu@xa.vn") is None


def test_no_keyring_backend(use_keyring: Any) -> None:
    use_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    with pytest.raises(MailError, match="kho mật khẩu"):
        mailer.get_password("vanthu@xa.vn")
    with pytest.raises(MailError, match="kho mật khẩu"):
        mailer.set_password("vanthu@xa.vn", "x")
