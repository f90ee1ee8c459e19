"""Sending reports up (submissions, e-mail outbox) and receiving them (inbox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped, utcnow

OUTBOX_STATES = ("pending", "sending", "sent", "failed")


class Submission(Base):
    """A bundle of a report revision sent by USB, folder or e-mail."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    bundle_id: Mapped[str] = mapped_column(String(80), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))  # usb|folder|email|eml
    target: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OutboxItem(Timestamped, Base):
    """One e-mail waiting to be sent; survives restarts; sent at most once."""

    __tablename__ = "outbox_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    recipients: Mapped[list[str]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    attachment: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class InboxBundle(Base):
    """A verified bundle received from a commune (receiving office)."""

    __tablename__ = "inbox_bundle"
    __table_args__ = (UniqueConstraint("bundle_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(80), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    commune: Mapped[str] = mapped_column(String(200))
    province: Mapped[str] = mapped_column(String(200), default="", server_default="")
    plan_number: Mapped[str] = mapped_column(String(100), default="")
    period_key: Mapped[str] = mapped_column(String(40), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    source_name: Mapped[str] = mapped_column(Text, default="")
    manifest: Mapped[str] = mapped_column(Text)
    data: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    xlsx: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    packed_at: Mapped[datetime | None] = mapped_column(DateTime)  #: manifest created_at, UTC
    #: The newer revision of the same commune, plan and period that replaces this one.
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbox_bundle.id", ondelete="SET NULL")
    )
