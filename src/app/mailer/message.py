"""Building the message: Message-ID, encoded subject, the bundle attached, .eml drafts."""

from __future__ import annotations

import base64
import copy
import email.policy
import hashlib
import re
import ssl
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from app.errors import MailError
from app.mailer.common import _MESSAGE_ID, _is_address
from app.safe_write import write_file_safely


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
    _check_addresses(sender, recipients)
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


def _check_addresses(sender: str, recipients: Sequence[str]) -> None:
    if not recipients:
        raise MailError("Chưa có địa chỉ người nhận thư, hãy thêm địa chỉ nơi nhận báo cáo.")
    for address in (sender, *recipients):
        if not _is_address(parseaddr(address)[1]) or any(c in address for c in "\r\n"):
            raise MailError(f"Địa chỉ thư “{address.strip()[:80]}” chưa đúng, hãy sửa lại rồi gửi.")


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
