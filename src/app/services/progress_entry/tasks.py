"""Each task's official status in a period, read in a few narrow queries."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.deadlines import Deadline, DeadlineKind
from app.models import (
    Task,
    TaskGroup,
    TaskProgress,
)
from app.periods import ReportPeriod, period_from_key, reference_month
from app.progress import (
    ENTERED_LABELS,
    RECURRING_KINDS,
    OfficialStatus,
    official_status,
)
from app.services.progress_entry.rows import TaskStatusRow


class _TaskFields(NamedTuple):
    """The task columns a status row needs, in the order of ``_TASK_COLUMNS``."""

    id: int
    group_id: int | None
    number: str
    name: str
    lead_text: str
    result_text: str
    deadline_text: str
    deadline_kind: str
    deadline_start: date | None
    deadline_due: date | None
    condition_arrived: bool


class _Entry(NamedTuple):
    """The entry columns a status row needs, in the order of ``_PROGRESS_COLUMNS``."""

    task_id: int
    period_key: str
    period_end: date
    status_code: str
    percent: int | None
    result_text: str
    evidence: str
    note: str
    reason: str
    completed_on: date | None


# plain column rows instead of ORM objects: a big plan's 2,000 tasks and their entries
# load several times faster without the identity map and instance state
_TASK_COLUMNS = (
    Task.id,
    Task.group_id,
    Task.number,
    Task.name,
    Task.lead_text,
    Task.result_text,
    Task.deadline_text,
    Task.deadline_kind,
    Task.deadline_start,
    Task.deadline_due,
    Task.condition_arrived,
)
_PROGRESS_COLUMNS = (
    TaskProgress.task_id,
    TaskProgress.period_key,
    TaskProgress.period_end,
    TaskProgress.status_code,
    TaskProgress.percent,
    TaskProgress.result_text,
    TaskProgress.evidence,
    TaskProgress.note,
    TaskProgress.reason,
    TaskProgress.completed_on,
)


def _latest_entries(s: Session, plan_id: int, end: date) -> dict[int, _Entry]:
    """``_latest_progress`` as plain rows (same query, same choice)."""
    earlier = aliased(TaskProgress)
    latest_end = (
        select(func.max(earlier.period_end))
        .where(earlier.task_id == Task.id, earlier.period_end <= end)
        .correlate(Task)
        .scalar_subquery()
    )
    rows = (
        s.connection()
        .execute(
            select(*_PROGRESS_COLUMNS)
            .join(Task, Task.id == TaskProgress.task_id)
            .where(Task.plan_id == plan_id, TaskProgress.period_end == latest_end)
            .order_by(TaskProgress.updated_at, TaskProgress.id)
        )
        .all()
    )
    return {r.task_id: r for r in map(_Entry._make, rows)}


def _deadline(t: _TaskFields) -> Deadline:
    kind = cast(DeadlineKind, t.deadline_kind)
    return Deadline(t.deadline_text, kind, t.deadline_start, t.deadline_due)


# what official_status reads: the deadline's kind and dates, the entry and the condition
_StatusKey = tuple[str, date | None, date | None, str | None, date | None, bool]


def task_statuses(db: Database, plan_id: int, period_key: str) -> list[TaskStatusRow]:
    """Every task of the plan with its entry (carried forward) and official status."""
    period = period_from_key(period_key)
    with db.read() as s:
        conn = s.connection()
        groups = {
            gid: (label, title)
            for gid, label, title in conn.execute(
                select(TaskGroup.id, TaskGroup.label, TaskGroup.title).where(
                    TaskGroup.plan_id == plan_id
                )
            )
        }
        task_rows = conn.execute(
            select(*_TASK_COLUMNS).where(Task.plan_id == plan_id).order_by(Task.position)
        ).all()
        latest = _latest_entries(s, plan_id, period.end)
    tasks = map(_TaskFields._make, task_rows)
    # official_status is pure and many tasks share a deadline and an entry: once each
    statuses: dict[_StatusKey, OfficialStatus] = {}
    return [
        _status_row(t, groups, _carried(t, latest.get(t.id), period), period, statuses)
        for t in tasks
    ]


@lru_cache(maxsize=4096)
def _reference_month_of(period_key: str) -> tuple[int, int]:
    """``reference_month`` of a period key (pure parsing, the same few keys over and over)."""
    return reference_month(period_from_key(period_key))


def _carried(t: _TaskFields, p: _Entry | None, period: ReportPeriod) -> _Entry | None:
    """The entry shown for *period*: the latest one, except that a recurring task's entry
    only counts inside the period's window or for the same occurrence (a monthly task
    done in September is not done for October; a yearly one done in June is, until
    the next year)."""
    if p is None or t.deadline_kind not in RECURRING_KINDS or p.period_end >= period.start:
        return p
    year, month = reference_month(period)
    p_year, p_month = _reference_month_of(p.period_key)
    if t.deadline_kind == "yearly":
        same = p_year == year
    elif t.deadline_kind == "quarterly":
        same = (p_year, (p_month - 1) // 3) == (year, (month - 1) // 3)
    else:
        same = (p_year, p_month) == (year, month)
    return p if same else None


def _status_row(
    t: _TaskFields,
    groups: dict[int, tuple[str, str]],
    p: _Entry | None,
    period: ReportPeriod,
    statuses: dict[_StatusKey, OfficialStatus],
) -> TaskStatusRow:
    entered = p.status_code if p else None
    completed_on = p.completed_on if p else None
    key = (
        t.deadline_kind,
        t.deadline_start,
        t.deadline_due,
        entered,
        completed_on,
        t.condition_arrived,
    )
    status = statuses.get(key)
    if status is None:
        status = statuses[key] = official_status(
            deadline=_deadline(t),
            entered=entered,
            completed_on=completed_on,
            cutoff=period.end,
            condition_arrived=t.condition_arrived,
            period=period,
        )
    g = groups.get(t.group_id) if t.group_id is not None else None
    return TaskStatusRow(
        task_id=t.id,
        number=t.number,
        group=g[0] if g else None,
        group_title=g[1] if g else None,
        name=t.name,
        lead=t.lead_text,
        result_expected=t.result_text,
        deadline=t.deadline_text,
        deadline_kind=t.deadline_kind,
        due=t.deadline_due,
        entered=entered,
        entered_label=ENTERED_LABELS[entered] if entered else "",  # type: ignore[index]
        official_code=status.code,
        official_text=status.text,
        percent=p.percent if p else None,
        result_text=p.result_text if p else "",
        evidence=p.evidence if p else "",
        note=p.note if p else "",
        reason=p.reason if p else "",
        completed_on=completed_on,
        from_period=p.period_key if p else None,
        condition_arrived=t.condition_arrived,
    )
