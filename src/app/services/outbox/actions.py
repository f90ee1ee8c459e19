"""The officer's actions on the outbox: the list, "Gửi lại", a draft for the mail program."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.mailer import write_eml
from app.models.base import utcnow
from app.models.submission import OutboxItem
from app.services import Changes
from app.services.outbox.rows import STATE_LABELS, OutboxRow, _claim_of, _due, _naive_utc
from app.services.outbox.sending import _message


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
        claim = _claim_of(item, resumed=False)
    name = Path(claim.attachment_name).with_suffix(".eml").name
    return write_eml(_message(claim, sender), Path(target_dir) / name)


def due_count(db: Database, now: datetime) -> int:
    """How many items a sender would try now (pending and due, or interrupted)."""
    now = _naive_utc(now)
    with db.read() as s:
        ids = s.scalars(select(OutboxItem.id).where(_due(now))).all()
    return len(ids)
