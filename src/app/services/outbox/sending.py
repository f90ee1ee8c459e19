"""Sending: one sender at a time per database, each item claimed before the SMTP call."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from app.db import Database
from app.errors import MailError
from app.mailer import (
    SmtpSettings,
    TemporaryMailError,
    build_message,
    next_attempt_delay,
    send_message,
)
from app.models.submission import OutboxItem
from app.services.outbox.rows import (
    UNEXPECTED,
    Sender,
    SendReport,
    _Claim,
    _claim_of,
    _due,
    _naive_utc,
)

log = logging.getLogger("app.services.outbox")


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
            .where(OutboxItem.id.not_in(done), _due(now))
            .order_by(OutboxItem.id)
            .limit(1)
        ).first()
        if item is None:
            return None
        resumed = item.state == "sending"
        item.state = "sending"
        return _claim_of(item, resumed=resumed)


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


def _retry_later(db: Database, claim: _Claim, exc: TemporaryMailError, now: datetime) -> str:
    with db.begin() as s:
        item = s.get(OutboxItem, claim.id)
        assert item is not None
        item.attempts += 1
        item.state = "pending"
        item.next_attempt_at = now + next_attempt_delay(item.attempts)
        item.last_error = exc.message
    return "retry" if exc.smtp_code else "offline"


def _attempt(
    db: Database, claim: _Claim, settings: SmtpSettings, password: str | None, **kw: Any
) -> str:
    """Send one claimed item and record the outcome: "sent", "retry", "offline" or "failed"."""
    now: datetime = kw.pop("now")
    send: Sender = kw.pop("send")
    try:
        result = send(settings, password, _message(claim, settings.sender), **kw)
    except TemporaryMailError as exc:
        return _retry_later(db, claim, exc, now)
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


def _record(report: SendReport, claim_id: int, outcome: str) -> None:
    if outcome == "sent":
        report.sent.append(claim_id)
    elif outcome == "failed":
        report.failed.append(claim_id)
    else:
        report.retry_later.append(claim_id)


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
            _record(report, claim.id, outcome)
            if outcome == "offline":
                report.offline = True
                break
    return report
