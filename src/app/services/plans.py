"""Reading plans, tasks and indicators as plain rows (CLI and screens)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.db import Database
from app.errors import NotFoundError
from app.models import Indicator, IndicatorGroup, Plan, Task, TaskGroup


@dataclass(frozen=True, slots=True)
class PlanRow:
    id: int
    number: str
    title: str
    commune: str
    tasks: int
    indicators: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: int
    number: str
    group: str | None
    group_title: str | None
    name: str
    lead: str
    cooperating: str
    result: str
    deadline: str
    deadline_kind: str
    due: str | None
    status: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TargetValue:
    text: str
    op: str | None
    value: float | None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: int
    code: str
    group: str | None
    name: str
    unit: str
    lead: str
    cooperating: str
    targets: dict[str, TargetValue]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def list_plans(db: Database) -> list[PlanRow]:
    with db.read() as s:
        task_counts: dict[int, int] = {
            pid: n
            for pid, n in s.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id))
        }
        ind_counts: dict[int, int] = {
            pid: n
            for pid, n in s.execute(
                select(Indicator.plan_id, func.count()).group_by(Indicator.plan_id)
            )
        }
        plans = s.scalars(select(Plan).order_by(Plan.id)).all()
        return [
            PlanRow(
                id=p.id,
                number=p.number,
                title=p.title,
                commune=p.commune,
                tasks=task_counts.get(p.id, 0),
                indicators=ind_counts.get(p.id, 0),
            )
            for p in plans
        ]


def _plan_or_error(s: Session, plan_id: int) -> Plan:
    plan = s.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(
            f"Không có kế hoạch số hiệu {plan_id} trong dữ liệu; hãy xem danh sách bằng lệnh kh57 plans."
        )
    return plan


def list_tasks(db: Database, plan_id: int) -> list[TaskRow]:
    from app.services.progress_view import current_status_texts

    with db.read() as s:
        _plan_or_error(s, plan_id)
        groups = {g.id: g for g in s.scalars(select(TaskGroup).where(TaskGroup.plan_id == plan_id))}
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)).all()
        statuses = current_status_texts(s, [t for t in tasks])
        rows = []
        for t in tasks:
            g = groups.get(t.group_id) if t.group_id is not None else None
            rows.append(
                TaskRow(
                    id=t.id,
                    number=t.number,
                    group=g.label if g else None,
                    group_title=g.title if g else None,
                    name=t.name,
                    lead=t.lead_text,
                    cooperating=t.cooperating_text,
                    result=t.result_text,
                    deadline=t.deadline_text,
                    deadline_kind=t.deadline_kind,
                    due=t.deadline_due.isoformat() if t.deadline_due else None,
                    status=statuses[t.id],
                )
            )
        return rows


def list_indicators(db: Database, plan_id: int) -> list[IndicatorRow]:
    with db.read() as s:
        _plan_or_error(s, plan_id)
        groups = {
            g.id: g
            for g in s.scalars(select(IndicatorGroup).where(IndicatorGroup.plan_id == plan_id))
        }
        inds = s.scalars(
            select(Indicator)
            .where(Indicator.plan_id == plan_id)
            .order_by(Indicator.position)
            .options(selectinload(Indicator.targets))
        ).all()
        return [
            IndicatorRow(
                id=i.id,
                code=i.code,
                group=groups[i.group_id].label if i.group_id in groups else None,
                name=i.name,
                unit=i.unit_of_measure,
                lead=i.lead_text,
                cooperating=i.cooperating_text,
                targets={
                    str(t.year): TargetValue(text=t.text, op=t.op, value=t.value) for t in i.targets
                },
            )
            for i in inds
        ]


def load_whole_plan(s: Session, plan_id: int) -> Plan | None:
    """The plan with its groups, tasks, indicators, targets and unit links, in a few queries.

    For code that walks the whole plan inside one session (re-import, copy).
    """
    return s.scalars(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.task_groups),
            selectinload(Plan.indicator_groups),
            selectinload(Plan.tasks).selectinload(Task.unit_links),
            selectinload(Plan.indicators).selectinload(Indicator.targets),
            selectinload(Plan.indicators).selectinload(Indicator.unit_links),
        )
    ).first()
