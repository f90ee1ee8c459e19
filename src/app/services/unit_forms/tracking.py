"""Who owes a report for a period, and when each unit's report came in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from app.db import Database
from app.errors import NotFoundError
from app.models import Plan, Task, TaskUnit, Unit, UnitSubmission
from app.periods import ReportPeriod, SendingRule, period_from_key, sending_deadline
from app.services import Changes
from app.vntext import sort_key


@dataclass(frozen=True, slots=True)
class UnitCell:
    state: str  # on_time | late | pending | missing
    received_on: date | None


@dataclass(frozen=True, slots=True)
class UnitMatrix:
    periods: list[tuple[str, str]]  # (key, label)
    units: list[tuple[int, str]]  # (id, name) in Vietnamese order
    cells: dict[tuple[int, str], UnitCell]


def _open_task_filter(t: Task, period: ReportPeriod) -> bool:
    if t.deadline_kind == "done":
        return False
    if t.deadline_start is not None and t.deadline_start > period.end:
        return False
    return not (t.deadline_kind == "once" and t.deadline_due and t.deadline_due < period.start)


def owing_units(db: Database, plan_id: int, period: ReportPeriod) -> list[tuple[int, str]]:
    """Lead units of the tasks open in the period."""
    with db.read() as s:
        rows = s.execute(
            select(Unit.id, Unit.name, Task)
            .join(TaskUnit, TaskUnit.unit_id == Unit.id)
            .join(Task, Task.id == TaskUnit.task_id)
            .where(Task.plan_id == plan_id, TaskUnit.role == "lead")
        ).all()
    found = {uid: name for uid, name, task in rows if _open_task_filter(task, period)}
    return sorted(found.items(), key=lambda x: sort_key(x[1]))


def _received(db: Database, plan_id: int) -> dict[tuple[int, str], date | None]:
    """When each (unit, period) report of the plan came in."""
    with db.read() as s:
        return {
            (u.unit_id, u.period_key): u.received_on
            for u in s.scalars(select(UnitSubmission).where(UnitSubmission.plan_id == plan_id))
        }


def _state(got: date | None, deadline: date, today: date) -> str:
    if got is not None:
        return "on_time" if got <= deadline else "late"
    return "missing" if today > deadline else "pending"


def unit_matrix(
    db: Database, plan_id: int, period_keys: list[str], rule: SendingRule | None, today: date
) -> UnitMatrix:
    periods = [period_from_key(k) for k in period_keys]
    subs = _received(db, plan_id)
    units: dict[int, str] = {}
    cells: dict[tuple[int, str], UnitCell] = {}
    for p in periods:
        deadline = sending_deadline(p, rule)
        for uid, name in owing_units(db, plan_id, p):
            units[uid] = name
            got = subs.get((uid, p.key))
            cells[(uid, p.key)] = UnitCell(_state(got, deadline, today), got)
    return UnitMatrix(
        periods=[(p.key, p.label_vi) for p in periods],
        units=sorted(units.items(), key=lambda x: sort_key(x[1])),
        cells=cells,
    )


def _upsert_unit_report(
    s: Any, *, plan_id: int, unit_id: int, period: ReportPeriod, received_on: date
) -> None:
    row = s.scalars(
        select(UnitSubmission).where(
            UnitSubmission.plan_id == plan_id,
            UnitSubmission.unit_id == unit_id,
            UnitSubmission.period_key == period.key,
        )
    ).first() or UnitSubmission(plan_id=plan_id, unit_id=unit_id, period_key=period.key)
    row.received_on = received_on
    s.add(row)


def record_unit_report(
    db: Database, *, plan_id: int, unit_id: int, period_key: str, received_on: date
) -> Changes:
    period = period_from_key(period_key)
    with db.begin() as s:
        _upsert_unit_report(
            s, plan_id=plan_id, unit_id=unit_id, period=period, received_on=received_on
        )
    return Changes(reports=True)


def _unit_task_ids(db: Database, plan_id: int, unit_id: int) -> set[int]:
    with db.read() as s:
        return set(
            s.scalars(
                select(TaskUnit.task_id)
                .join(Task, Task.id == TaskUnit.task_id)
                .where(
                    Task.plan_id == plan_id, TaskUnit.unit_id == unit_id, TaskUnit.role == "lead"
                )
            )
        )


def _identity(db: Database, plan_id: int, unit_id: int) -> tuple[Plan, Unit]:
    with db.read() as s:
        plan, unit = s.get(Plan, plan_id), s.get(Unit, unit_id)
        if plan is None or unit is None:
            raise NotFoundError("Kế hoạch hoặc đơn vị này không còn trong dữ liệu.")
        return plan, unit
