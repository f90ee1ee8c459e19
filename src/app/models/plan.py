"""A plan (Kế hoạch) with its task and indicator appendices."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Timestamped
from app.models.commune import Unit

PLAN_STATUSES = ("draft", "issued")


class Plan(Timestamped, Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100), default="")
    doc_type: Mapped[str] = mapped_column(String(10), default="KH")
    title: Mapped[str] = mapped_column(Text, default="")
    commune: Mapped[str] = mapped_column(String(200), default="")
    issue_place: Mapped[str] = mapped_column(String(200), default="")
    issue_date: Mapped[date | None] = mapped_column(Date)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    legal_bases: Mapped[list[str]] = mapped_column(default=list)
    objectives: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(Text, default="")
    reporting_rule: Mapped[str] = mapped_column(Text, default="")
    recipients: Mapped[list[str]] = mapped_column(default=list)
    signer_authority: Mapped[list[str]] = mapped_column(default=list)
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    source_file: Mapped[str] = mapped_column(Text, default="")

    task_groups: Mapped[list[TaskGroup]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="TaskGroup.position"
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Task.position"
    )
    indicator_groups: Mapped[list[IndicatorGroup]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="IndicatorGroup.position"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Indicator.position"
    )


class TaskGroup(Base):
    __tablename__ = "task_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[Plan] = relationship(back_populates="task_groups")


class Task(Timestamped, Base):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_group.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    number: Mapped[str] = mapped_column(String(30), default="")
    name: Mapped[str] = mapped_column(Text, default="")
    name_folded: Mapped[str] = mapped_column(Text, default="")
    lead_text: Mapped[str] = mapped_column(Text, default="")
    cooperating_text: Mapped[str] = mapped_column(Text, default="")
    result_text: Mapped[str] = mapped_column(Text, default="")
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    deadline_kind: Mapped[str] = mapped_column(String(20), default="unknown")
    deadline_start: Mapped[date | None] = mapped_column(Date)
    deadline_due: Mapped[date | None] = mapped_column(Date)
    condition_arrived: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    group: Mapped[TaskGroup | None] = relationship()
    unit_links: Mapped[list[TaskUnit]] = relationship(cascade="all, delete-orphan")


class TaskUnit(Base):
    """A recognised unit named in a task's lead or cooperating cell."""

    __tablename__ = "task_unit"
    __table_args__ = (UniqueConstraint("task_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))  # "lead" | "cooperating"
    unit: Mapped[Unit] = relationship()


class IndicatorGroup(Base):
    __tablename__ = "indicator_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[Plan] = relationship(back_populates="indicator_groups")


class Indicator(Timestamped, Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator_group.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(30), default="")
    name: Mapped[str] = mapped_column(Text, default="")
    name_folded: Mapped[str] = mapped_column(Text, default="")
    unit_of_measure: Mapped[str] = mapped_column(String(200), default="")
    lead_text: Mapped[str] = mapped_column(Text, default="")
    cooperating_text: Mapped[str] = mapped_column(Text, default="")
    #: Code in the standard indicator catalogue (``app.catalogue``), None when not standard.
    catalogue_code: Mapped[str | None] = mapped_column(String(20), index=True)
    #: The officer chose the link (or "no link"): a re-import keeps it (migration 0006).
    catalogue_manual: Mapped[bool] = mapped_column(default=False, server_default=false())

    plan: Mapped[Plan] = relationship(back_populates="indicators")
    group: Mapped[IndicatorGroup | None] = relationship()
    targets: Mapped[list[IndicatorTarget]] = relationship(
        cascade="all, delete-orphan", order_by="IndicatorTarget.year"
    )
    unit_links: Mapped[list[IndicatorUnit]] = relationship(cascade="all, delete-orphan")


class IndicatorTarget(Base):
    """Target for one milestone year: text as printed, parsed op and value."""

    __tablename__ = "indicator_target"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    op: Mapped[str | None] = mapped_column(String(2))
    value: Mapped[float | None] = mapped_column(Float)


class IndicatorUnit(Base):
    __tablename__ = "indicator_unit"
    __table_args__ = (UniqueConstraint("indicator_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    unit: Mapped[Unit] = relationship()
