"""E-mail settings: declared once here, stored in ``mail-settings.json`` beside the database.

Only non-secret values are stored (server, port, security, account, sender,
receiving bodies and their addresses). The password lives in the operating
system's credential store (``app.mailer.get_password``/``set_password``,
account = the login name, or the sender address when the server needs no
login) and never in this file, the database or the logs.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from app.db import Database
from app.errors import StorageError, ValidationError
from app.mailer import SECURITIES, Security, SmtpSettings
from app.safe_write import replacing
from app.services import Changes

SETTINGS_FILENAME = "mail-settings.json"
SECURITY_LABELS = {"starttls": "STARTTLS (thường cổng 587)", "ssl": "SSL/TLS (thường cổng 465)"}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_ADDRESS = re.compile(r"^[^@\s<>()\",;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True, slots=True)
class ReceivingBody:
    """A body that receives reports (Sở KH&CN, Đảng uỷ xã …) and its e-mail addresses."""

    name: str
    addresses: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MailSettings:
    host: str = ""
    port: int = 587
    security: Security = "starttls"
    username: str = ""
    sender: str = ""
    bodies: list[ReceivingBody] = field(default_factory=list)
    trusted_cert_pem: str = ""  #: a certificate the officer explicitly chose to trust

    @property
    def configured(self) -> bool:
        return bool(self.host.strip() and self.sender.strip())

    @property
    def keyring_account(self) -> str:
        """Whose password the credential store keeps: the login, or the sender."""
        return self.username.strip() or parseaddr(self.sender)[1]

    def smtp(self) -> SmtpSettings:
        """The transport settings (MailError in Vietnamese when something is wrong)."""
        return SmtpSettings(
            host=self.host.strip(),
            port=self.port,
            security=self.security,
            username=self.username.strip() or None,
            sender=self.sender.strip(),
        )


def is_address(text: str) -> bool:
    address = parseaddr(text)[1]
    return bool(address) and bool(_ADDRESS.match(address)) and not any(c in text for c in "\r\n")


def check_addresses(addresses: list[str]) -> list[str]:
    """The addresses cleaned; ValidationError naming the first wrong one."""
    cleaned = [a.strip() for a in addresses if a.strip()]
    for address in cleaned:
        if not is_address(address):
            raise ValidationError(
                f"Địa chỉ thư “{address[:80]}” chưa đúng, hãy sửa lại (ví dụ vanthu@xa.gov.vn).",
                field="recipients",
            )
    return cleaned


def parse_bodies(text: str) -> list[ReceivingBody]:
    """Lines ``Tên nơi nhận: a@x.vn, b@x.vn`` (a bare address names itself)."""
    bodies: list[ReceivingBody] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _sep, rest = line.rpartition(":")
        addresses = check_addresses(re.split(r"[,;\s]+", rest))
        if not addresses:
            raise ValidationError(
                f"Dòng “{line.strip()[:60]}” chưa có địa chỉ thư, hãy ghi dạng "
                "“Tên nơi nhận: địa chỉ thư”.",
                field="recipients",
            )
        bodies.append(ReceivingBody(name=name.strip() or addresses[0], addresses=addresses))
    return bodies


def format_bodies(bodies: list[ReceivingBody]) -> str:
    return "\n".join(f"{b.name}: {', '.join(b.addresses)}" for b in bodies)


def check_settings(settings: MailSettings) -> None:
    """ValidationError (with the field) for what the officer must correct."""
    if not settings.host.strip():
        raise ValidationError(
            "Hãy nhập tên máy chủ thư (SMTP), ví dụ smtp.gmail.com.", field="host"
        )
    if settings.security not in SECURITIES or settings.security == "none":
        raise ValidationError("Hãy chọn kiểu bảo mật STARTTLS hoặc SSL.", field="security")
    if not 1 <= settings.port <= 65535:
        raise ValidationError("Cổng máy chủ thư phải là số từ 1 đến 65535.", field="port")
    if not is_address(settings.sender):
        raise ValidationError(
            "Hãy nhập đúng địa chỉ thư người gửi, ví dụ vanthu.tamchung@gmail.com.", field="sender"
        )


def settings_path(db: Database) -> Path:
    return Path(db.path).parent / SETTINGS_FILENAME


def _from_json(raw: dict[str, Any]) -> MailSettings:
    security = raw.get("security", "starttls")
    return MailSettings(
        host=str(raw.get("host", "")),
        port=int(raw.get("port", 587)),
        security=security if security in SECURITIES else "starttls",
        username=str(raw.get("username", "")),
        sender=str(raw.get("sender", "")),
        bodies=[
            ReceivingBody(name=str(b.get("name", "")), addresses=[str(a) for a in b["addresses"]])
            for b in raw.get("bodies", [])
            if isinstance(b, dict) and isinstance(b.get("addresses"), list)
        ],
        trusted_cert_pem=str(raw.get("trusted_cert_pem", "")),
    )


def load_mail_settings(db: Database) -> MailSettings:
    """The saved settings, or the defaults when none are saved (or the file is damaged)."""
    path = settings_path(db)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MailSettings()
    except (OSError, ValueError):
        return MailSettings()  # a damaged file: the officer enters the settings again
    return _from_json(raw) if isinstance(raw, dict) else MailSettings()


def save_mail_settings(db: Database, settings: MailSettings) -> Changes:
    """Check and save atomically (temporary file, fsync, rename)."""
    check_settings(settings)
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=1)
    path = settings_path(db)
    try:
        with replacing(path) as temp:
            temp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StorageError(
            f"Không lưu được cài đặt thư vào {path.parent}, hãy kiểm tra quyền ghi rồi thử lại."
        ) from exc
    return Changes(extra=("mail_settings",))
