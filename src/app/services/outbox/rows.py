"""The outbox's rows and results, and the claimed item a sender works on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, or_

from app.mailer import SendResult
from app.models.submission import OutboxItem
from app.services import Changes

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


def _claim_of(item: OutboxItem, *, resumed: bool) -> _Claim:
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


def _due(now: datetime) -> ColumnElement[bool]:
    """Items a sender would try at *now*: pending and due, or interrupted while sending."""
    return or_(
        OutboxItem.state == "sending",
        (OutboxItem.state == "pending") & (OutboxItem.next_attempt_at <= now),
    )
