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

import contextlib
import logging
import os
import secrets
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update

from app.db import Database
from app.errors import MailError, NotFoundError, ValidationError
from app.mailer import (
    SendResult,
    SmtpSettings,
    TemporaryMailError,
    build_message,
    make_message_id,
    next_attempt_delay,
    send_message,
    write_eml,
)
from app.models.base import utcnow
from app.models.submission import OutboxItem
from app.services import Changes
from app.services.mail_settings import check_addresses, load_mail_settings
from app.services.outbox_text import compose_message
from app.services.submission import ExportResult, make_bundle, record_submission

log = logging.getLogger(__name__)

STATE_LABELS = {"pending": "Chờ gửi", "sending": "Đang gửi", "sent": "Đã gửi", "failed": "Lỗi"}
UNEXPECTED = (
    "Chương trình gặp lỗi không mong đợi khi gửi thư này, hãy bấm “Gửi lại” hoặc gửi gói "
    "báo cáo bằng USB; chi tiết đã được ghi vào tệp nhật ký."
)
Sender = Callable[..., SendResult]


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    report_id: int
    state: str
    state_label: str
    subject: str
    recipients: list[str]
    attempts: int
    next_attempt_at: datetime
    last_error: str
    sent_at: datetime | None
    created_at: datetime
    message_id: str
    attachment_name: str


@dataclass(slots=True)
class SendReport:
    sent: list[int] = field(default_factory=list)
    retry_later: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    resumed: list[int] = field(default_factory=list)  #: found in "sending": sent again
    busy: bool = False  #: another sender holds the lock; nothing was done
    offline: bool = False  #: the server could not be reached; the rest wait

    @property
    def changes(self) -> Changes:
        return Changes(outbox=bool(self.sent or self.retry_later or self.failed))


@dataclass(frozen=True, slots=True)
class _Claim:
    id: int
    resumed: bool
    message_id: str
    recipients: list[str]
    subject: str
    body: str
    attachment_name: str
    attachment: bytes
    created_at: datetime


def _naive_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def _domain(db: Database) -> str:
    sender = parseaddr(load_mail_settings(db).sender)[1]
    return sender.rpartition("@")[2] or "kh57.local"


# --------------------------------------------------------------------------- queueing


def queue_email(db: Database, report_id: int, recipients: Sequence[str]) -> int:
    """Put the report's bundle into the outbox; the submission is recorded in the same transaction."""
    addresses = check_addresses(list(recipients))
    if not addresses:
        raise ValidationError(
            "Chưa chọn nơi nhận thư, hãy chọn ít nhất một địa chỉ nhận báo cáo.", field="recipients"
        )
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


# --------------------------------------------------------------------------- sending


@contextlib.contextmanager
def _sender_lock(db: Database) -> Iterator[bool]:
    """True while this sender holds the database's outbox lock, False if another one does."""
    path = Path(db.path).with_name(Path(db.path).name + ".outbox.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = True
        except OSError:
            held = False
        yield held
    finally:
        os.close(fd)  # closing releases the lock


def _claim_next(db: Database, now: datetime, done: set[int]) -> _Claim | None:
    """Mark the next due item "sending" and commit, before any byte goes to the server."""
    with db.begin() as s:
        item = s.scalars(
            select(OutboxItem)
            .where(
                OutboxItem.id.not_in(done),
                or_(
                    OutboxItem.state == "sending",
                    (OutboxItem.state == "pending") & (OutboxItem.next_attempt_at <= now),
                ),
            )
            .order_by(OutboxItem.id)
            .limit(1)
        ).first()
        if item is None:
            return None
        resumed = item.state == "sending"
        item.state = "sending"
        return _Claim(
            id=item.id,
            resumed=resumed,
            message_id=item.message_id,
            recipients=list(item.recipients),
            subject=item.subject,
            body=item.body,
            attachment_name=item.attachment_name,
            attachment=item.attachment,
            created_at=item.created_at,
        )


def _message(claim: _Claim, sender: str) -> EmailMessage:
    """The same message on every attempt: same Message-ID, same Date."""
    return build_message(
        sender=sender,
        recipients=claim.recipients,
        subject=claim.subject,
        body=claim.body,
        attachment_name=claim.attachment_name,
        attachment=claim.attachment,
        message_id=claim.message_id,
        date=claim.created_at.replace(tzinfo=UTC),
    )


def _finish(db: Database, item_id: int, **values: Any) -> None:
    with db.begin() as s:
        s.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(**values))


def _attempt(
    db: Database, claim: _Claim, settings: SmtpSettings, password: str | None, **kw: Any
) -> str:
    """Send one claimed item and record the outcome: "sent", "retry", "offline" or "failed"."""
    now: datetime = kw.pop("now")
    send: Sender = kw.pop("send")
    try:
        result = send(settings, password, _message(claim, settings.sender), **kw)
    except TemporaryMailError as exc:
        with db.begin() as s:
            item = s.get(OutboxItem, claim.id)
            assert item is not None
            item.attempts += 1
            item.state = "pending"
            item.next_attempt_at = now + next_attempt_delay(item.attempts)
            item.last_error = exc.message
        return "retry" if exc.smtp_code else "offline"
    except MailError as exc:  # permanent, or a message that cannot be built
        _finish(db, claim.id, state="failed", last_error=exc.message)
        return "failed"
    except Exception:
        log.exception("Lỗi không mong đợi khi gửi thư %s", claim.message_id)
        _finish(db, claim.id, state="failed", last_error=UNEXPECTED)
        return "failed"
    note = ""
    if result.refused:
        refused = "; ".join(f"{a} ({code} {why})" for a, (code, why) in result.refused.items())
        note = f"Máy chủ thư từ chối một số người nhận: {refused}."[:1000]
    _finish(db, claim.id, state="sent", sent_at=now, last_error=note)
    return "sent"


def send_due(
    db: Database,
    settings: SmtpSettings,
    password: str | None,
    now: datetime,
    *,
    send: Sender = send_message,
    ssl_context: Any = None,
    limit: int = 100,
) -> SendReport:
    """Send every due item once; see the module notes for what a crash leaves behind."""
    if settings.username and not password:
        raise MailError(
            "Chưa có mật khẩu thư cho tài khoản gửi, hãy nhập mật khẩu trong Cài đặt → Thư điện tử."
        )
    now = _naive_utc(now)
    extra: dict[str, Any] = {"ssl_context": ssl_context} if ssl_context is not None else {}
    report = SendReport()
    with _sender_lock(db) as held:
        if not held:
            return SendReport(busy=True)
        done: set[int] = set()
        while len(done) < limit:
            claim = _claim_next(db, now, done)
            if claim is None:
                break
            done.add(claim.id)
            if claim.resumed:
                report.resumed.append(claim.id)
            outcome = _attempt(db, claim, settings, password, now=now, send=send, **extra)
            if outcome == "sent":
                report.sent.append(claim.id)
            elif outcome == "failed":
                report.failed.append(claim.id)
            else:
                report.retry_later.append(claim.id)
            if outcome == "offline":
                report.offline = True
                break
    return report


# --------------------------------------------------------------------------- the officer's actions


def list_outbox(db: Database) -> list[OutboxRow]:
    with db.read() as s:
        from app.models.submission import Submission

        rows = s.execute(
            select(OutboxItem, Submission.report_id)
            .join(Submission, Submission.id == OutboxItem.submission_id)
            .order_by(OutboxItem.id.desc())
        ).all()
        return [
            OutboxRow(
                id=item.id,
                report_id=report_id,
                state=item.state,
                state_label=STATE_LABELS.get(item.state, item.state),
                subject=item.subject,
                recipients=list(item.recipients),
                attempts=item.attempts,
                next_attempt_at=item.next_attempt_at,
                last_error=item.last_error,
                sent_at=item.sent_at,
                created_at=item.created_at,
                message_id=item.message_id,
                attachment_name=item.attachment_name,
            )
            for item, report_id in rows
        ]


def retry_failed(db: Database, item_id: int) -> Changes:
    """Gửi lại: a failed item goes back to the queue (same Message-ID), due now."""
    with db.begin() as s:
        item = s.get(OutboxItem, item_id)
        if item is None:
            raise NotFoundError("Thư này không còn trong hộp thư đi; hãy tải lại danh sách.")
        if item.state != "failed":
            raise ValidationError("Chỉ gửi lại được thư đang báo lỗi.")
        item.state = "pending"
        item.attempts = 0
        item.next_attempt_at = utcnow()
    return Changes(outbox=True)


def write_item_eml(db: Database, item_id: int, target_dir: Path, *, sender: str) -> Path:
    """Mở bằng chương trình thư: the queued message as an unsent .eml draft."""
    with db.read() as s:
        item = s.get(OutboxItem, item_id)
        if item is None:
            raise NotFoundError("Thư này không còn trong hộp thư đi; hãy tải lại danh sách.")
        claim = _Claim(
            id=item.id,
            resumed=False,
            message_id=item.message_id,
            recipients=list(item.recipients),
            subject=item.subject,
            body=item.body,
            attachment_name=item.attachment_name,
            attachment=item.attachment,
            created_at=item.created_at,
        )
    name = Path(claim.attachment_name).with_suffix(".eml").name
    return write_eml(_message(claim, sender), Path(target_dir) / name)


def export_eml(
    db: Database, report_id: int, recipients: Sequence[str], target_dir: Path, *, sender: str
) -> ExportResult:
    """Mở bằng chương trình thư for a report: write an .eml draft and record the submission."""
    addresses = check_addresses(list(recipients))
    if not addresses:
        raise ValidationError(
            "Chưa chọn nơi nhận thư, hãy chọn ít nhất một địa chỉ nhận báo cáo.", field="recipients"
        )
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


def due_count(db: Database, now: datetime) -> int:
    """How many items a sender would try now (pending and due, or interrupted)."""
    now = _naive_utc(now)
    with db.read() as s:
        ids = s.scalars(
            select(OutboxItem.id).where(
                or_(
                    OutboxItem.state == "sending",
                    (OutboxItem.state == "pending") & (OutboxItem.next_attempt_at <= now),
                )
            )
        ).all()
    return len(ids)
