"""The e-mail outbox: queue a report's bundle, send when online, never lose or double a message.

States: ``pending`` (Chờ gửi) → ``sending`` (Đang gửi) → ``sent`` (Đã gửi), or
``failed`` (Lỗi) with the server's reason; a temporary failure goes back to
``pending`` with ``attempts + 1`` and a back-off (1, 2, 4 … 60 minutes).

Crash safety. The ``sending`` state is committed *before* the SMTP call, and
the result is committed right after it. Only one sender runs at a time per
database: :func:`send_due` holds an operating-system lock on a file beside the
database for as long as it runs (the OS drops it when the process dies). So
an item found in ``sending`` by a sender holding the lock was left by a sender
that was killed mid-send: the server may or may not have the message (SMTP's
unavoidable window between handing over the data and the ``250`` reply), and
it is sent again with the *same* Message-ID, which lets the receiving mail
system and the officer recognise the copy. In every other case an item is
sent at most once.
"""

from __future__ import annotations

# queue_email and export_eml stay here: they read ``make_message_id`` from this
# module at call time, so patching ``app.services.outbox.make_message_id`` works.
import secrets
from collections.abc import Sequence
from email.utils import parseaddr
from pathlib import Path

from app.db import Database
from app.errors import ValidationError
from app.mailer import build_message, make_message_id, write_eml
from app.models.base import utcnow
from app.models.submission import OutboxItem
from app.services.mail_settings import check_addresses, load_mail_settings
from app.services.outbox.actions import due_count, list_outbox, retry_failed, write_item_eml
from app.services.outbox.rows import (
    STATE_LABELS,
    UNEXPECTED,
    OutboxRow,
    Sender,
    SendReport,
    _Claim,
    _naive_utc,
)
from app.services.outbox.sending import (
    _attempt,
    _claim_next,
    _finish,
    _message,
    _sender_lock,
    log,
    send_due,
)
from app.services.outbox_text import compose_message
from app.services.submission import ExportResult, make_bundle, record_submission

__all__ = [
    "STATE_LABELS",
    "UNEXPECTED",
    "OutboxRow",
    "SendReport",
    "Sender",
    "_Claim",
    "_attempt",
    "_claim_next",
    "_domain",
    "_finish",
    "_message",
    "_naive_utc",
    "_sender_lock",
    "due_count",
    "export_eml",
    "list_outbox",
    "log",
    "make_message_id",
    "queue_email",
    "retry_failed",
    "send_due",
    "write_item_eml",
]


def _domain(db: Database) -> str:
    sender = parseaddr(load_mail_settings(db).sender)[1]
    return sender.rpartition("@")[2] or "kh57.local"


def _addresses(recipients: Sequence[str]) -> list[str]:
    """The checked recipients; refuses an empty list."""
    addresses = check_addresses(list(recipients))
    if not addresses:
        raise ValidationError(
            "Chưa chọn nơi nhận thư, hãy chọn ít nhất một địa chỉ nhận báo cáo.", field="recipients"
        )
    return addresses


def queue_email(db: Database, report_id: int, recipients: Sequence[str]) -> int:
    """Put the report's bundle into the outbox; the submission is recorded in the same transaction."""
    addresses = _addresses(recipients)
    packed = make_bundle(db, report_id)
    subject, body = compose_message(db, report_id, packed)
    domain = _domain(db)
    with db.begin() as s:
        submission = record_submission(
            s, report_id=report_id, packed=packed, channel="email", target=", ".join(addresses)
        )
        key = f"{submission.id}.{secrets.token_hex(4)}"
        item = OutboxItem(
            submission_id=submission.id,
            message_id=make_message_id(packed.bundle_id, domain, key=key),
            recipients=addresses,
            subject=subject,
            body=body,
            attachment_name=packed.filename,
            attachment=packed.content,
            state="pending",
            attempts=0,
            next_attempt_at=utcnow(),
        )
        s.add(item)
        s.flush()
        return item.id


def export_eml(
    db: Database, report_id: int, recipients: Sequence[str], target_dir: Path, *, sender: str
) -> ExportResult:
    """Mở bằng chương trình thư for a report: write an .eml draft and record the submission."""
    addresses = _addresses(recipients)
    packed = make_bundle(db, report_id)
    subject, body = compose_message(db, report_id, packed)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "kh57.local"
    msg = build_message(
        sender=sender,
        recipients=addresses,
        subject=subject,
        body=body,
        attachment_name=packed.filename,
        attachment=packed.content,
        message_id=make_message_id(packed.bundle_id, domain, key=secrets.token_hex(6)),
    )
    with db.begin() as s:
        path = write_eml(msg, Path(target_dir) / Path(packed.filename).with_suffix(".eml").name)
        record_submission(s, report_id=report_id, packed=packed, channel="eml", target=str(path))
    return ExportResult(
        path=path, bundle_id=packed.bundle_id, sha256=packed.sha256, size=len(packed.content)
    )
