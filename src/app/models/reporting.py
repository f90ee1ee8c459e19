"""Periodic reporting: regimes, reports, task progress, indicator results, unit submissions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped

PROGRESS_CODES = ("not_started", "in_progress", "done", "paused", "cancelled")


class ReportRegime(Timestamped, Base):
    """How often a plan is reported and when the report must be sent."""

    __tablename__ = "report_regime"
    __table_args__ = (UniqueConstraint("plan_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # monthly|quarterly|half_year|yearly|adhoc
    enabled: Mapped[bool] = mapped_column(default=True)
    sending_rule: Mapped[str] = mapped_column(Text, default="")  # "trước ngày 15 hằng tháng"


class Report(Timestamped, Base):
    """The commune's report for one period of one plan."""

    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("plan_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    period_key: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(12))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[str] = mapped_column(String(40), default="")
    issue_date: Mapped[date | None] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft|locked|sent
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)
    kinh_gui: Mapped[list[str]] = mapped_column(default=list)
    results: Mapped[str] = mapped_column(Text, default="")
    shortcomings: Mapped[str] = mapped_column(Text, default="")
    next_tasks: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    # the report as locked (JSON, app.services.report_history); kept after an unlock so
    # that the next lock can say what the new revision changed
    snapshot: Mapped[str | None] = mapped_column(Text)


class ReportRevision(Base):
    """A correction of a locked report: the revision it opened, why, and what changed."""

    __tablename__ = "report_revision"
    __table_args__ = (UniqueConstraint("report_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class TaskProgress(Timestamped, Base):
    """What was done on one task in one period."""

    __tablename__ = "task_progress"
    __table_args__ = (
        UniqueConstraint("task_id", "period_key"),
        Index("ix_task_progress_task_end", "task_id", "period_end"),  # migration 0004
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    period_key: Mapped[str] = mapped_column(String(40), index=True)
    period_end: Mapped[date] = mapped_column(Date, index=True)
    status_code: Mapped[str] = mapped_column(String(12), default="not_started")
    percent: Mapped[int | None] = mapped_column(Integer)
    result_text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)


class IndicatorResult(Timestamped, Base):
    """The value an indicator reached by the end of one period."""

    __tablename__ = "indicator_result"
    __table_args__ = (UniqueConstraint("indicator_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    period_key: Mapped[str] = mapped_column(String(40), index=True)
    period_end: Mapped[date] = mapped_column(Date, index=True)
    actual_text: Mapped[str] = mapped_column(Text, default="")
    actual_value: Mapped[float | None] = mapped_column(Float)
    judged: Mapped[str] = mapped_column(String(12), default="")  # officer's Đạt/Chưa đạt
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class UnitSubmission(Timestamped, Base):
    """A unit's report for a period: when it arrived."""

    __tablename__ = "unit_submission"
    __table_args__ = (UniqueConstraint("plan_id", "unit_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    period_key: Mapped[str] = mapped_column(String(40))
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(12), default="manual")  # manual|form
