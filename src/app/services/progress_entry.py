"""Recording and reading task progress and indicator results per period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from app.db import Database
from app.deadlines import Deadline, DeadlineKind
from app.errors import NotFoundError
from app.models import (
    Indicator,
    IndicatorGroup,
    IndicatorResult,
    Task,
    TaskGroup,
    TaskProgress,
)
from app.periods import ReportPeriod, period_from_key, reference_month
from app.progress import (
    ENTERED_LABELS,
    RECURRING_KINDS,
    OfficialStatus,
    attainment,
    milestone_year_for,
    official_status,
    parse_actual_value,
    percent_warning,
    validate_progress,
)
from app.services import Changes
from app.targets import is_heading_indicator
from app.vntext import clean_cell


@dataclass(frozen=True, slots=True)
class ProgressInput:
    status: str
    percent: int | None = None
    result_text: str = ""
    evidence: str = ""
    note: str = ""
    reason: str = ""
    completed_on: date | None = None
    condition_arrived: bool | None = None  # conditional tasks only; None leaves it as it is


@dataclass(frozen=True, slots=True)
class ResultInput:
    actual_text: str
    judged: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class TaskStatusRow:
    task_id: int
    number: str
    group: str | None
    group_title: str | None
    name: str
    lead: str
    result_expected: str
    deadline: str
    deadline_kind: str
    due: date | None
    entered: str | None
    entered_label: str
    official_code: str
    official_text: str
    percent: int | None
    result_text: str
    evidence: str
    note: str
    reason: str
    completed_on: date | None
    from_period: str | None  # the period whose entry is shown (carried forward)
    condition_arrived: bool = False  # conditional tasks: the officer marked the condition met


@dataclass(frozen=True, slots=True)
class IndicatorResultRow:
    indicator_id: int
    code: str
    group: str | None
    name: str
    unit: str
    target_year: int | None
    target_text: str
    target_op: str | None
    target_value: float | None
    actual_text: str
    actual_value: float | None
    previous_text: str
    attainment: str
    source: str
    note: str
    warning: str | None
    catalogue_code: str | None = None  #: standard indicator code (``app.catalogue``)


def upsert_progress(s: Session, *, task_id: int, period: ReportPeriod, data: ProgressInput) -> None:
    """Validate and store one progress entry inside the caller's transaction."""
    code = validate_progress(
        data.status,
        reason=data.reason,
        percent=data.percent,
        completed_on=data.completed_on,
        cutoff=period.end,
    )
    task = s.get(Task, task_id)
    if task is None:
        raise NotFoundError("Nhiệm vụ này không còn trong kế hoạch; hãy tải lại danh sách.")
    if data.condition_arrived is not None:
        task.condition_arrived = data.condition_arrived
    row = s.scalars(
        select(TaskProgress).where(
            TaskProgress.task_id == task_id, TaskProgress.period_key == period.key
        )
    ).first() or TaskProgress(task_id=task_id, period_key=period.key, period_end=period.end)
    row.status_code = code
    row.percent = 100 if code == "done" and data.percent is None else data.percent
    row.result_text = clean_cell(data.result_text)
    row.evidence = clean_cell(data.evidence)
    row.note = clean_cell(data.note)
    row.reason = clean_cell(data.reason)
    row.completed_on = data.completed_on
    s.add(row)


def upsert_result(
    s: Session, *, indicator_id: int, period: ReportPeriod, data: ResultInput
) -> None:
    """Store one indicator result inside the caller's transaction."""
    if s.get(Indicator, indicator_id) is None:
        raise NotFoundError("Chỉ tiêu này không còn trong kế hoạch; hãy tải lại danh sách.")
    row = s.scalars(
        select(IndicatorResult).where(
            IndicatorResult.indicator_id == indicator_id,
            IndicatorResult.period_key == period.key,
        )
    ).first() or IndicatorResult(
        indicator_id=indicator_id, period_key=period.key, period_end=period.end
    )
    row.actual_text = clean_cell(data.actual_text)
    row.actual_value = parse_actual_value(row.actual_text)
    row.judged = data.judged if data.judged in ("Đạt", "Chưa đạt") else ""
    row.source = clean_cell(data.source)
    row.note = clean_cell(data.note)
    s.add(row)


def record_progress(db: Database, *, task_id: int, period_key: str, data: ProgressInput) -> Changes:
    period = period_from_key(period_key)
    with db.begin() as s:
        upsert_progress(s, task_id=task_id, period=period, data=data)
    return Changes(tasks=True, reports=True)


def record_result(
    db: Database, *, indicator_id: int, period_key: str, data: ResultInput
) -> Changes:
    period = period_from_key(period_key)
    with db.begin() as s:
        upsert_result(s, indicator_id=indicator_id, period=period, data=data)
    return Changes(indicators=True, reports=True)


def _latest_progress(s: Session, plan_id: int, end: date) -> dict[int, TaskProgress]:
    # the last one per task wins, found in SQL with one seek per task on the
    # (task_id, period_end) index (migration 0004): years of entries stay in the database
    earlier = aliased(TaskProgress)
    latest_end = (
        select(func.max(earlier.period_end))
        .where(earlier.task_id == Task.id, earlier.period_end <= end)
        .correlate(Task)
        .scalar_subquery()
    )
    rows = s.scalars(
        select(TaskProgress)
        .join(Task, Task.id == TaskProgress.task_id)
        .where(Task.plan_id == plan_id, TaskProgress.period_end == latest_end)
        .order_by(TaskProgress.updated_at, TaskProgress.id)
    )
    return {r.task_id: r for r in rows}


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


def indicator_results(db: Database, plan_id: int, period_key: str) -> list[IndicatorResultRow]:
    period = period_from_key(period_key)
    with db.read() as s:
        groups = {
            g.id: g.label
            for g in s.scalars(select(IndicatorGroup).where(IndicatorGroup.plan_id == plan_id))
        }
        inds = s.scalars(
            select(Indicator)
            .where(Indicator.plan_id == plan_id)
            .order_by(Indicator.position)
            .options(selectinload(Indicator.targets))
        ).all()
        results: dict[int, list[IndicatorResult]] = {}
        for r in s.scalars(
            select(IndicatorResult)
            .join(Indicator, Indicator.id == IndicatorResult.indicator_id)
            .where(Indicator.plan_id == plan_id, IndicatorResult.period_end <= period.end)
            .order_by(IndicatorResult.period_end, IndicatorResult.updated_at)
        ):
            results.setdefault(r.indicator_id, []).append(r)
        return [_result_row(i, groups, results.get(i.id, []), period) for i in inds]


def _result_row(
    i: Indicator, groups: dict[int, str], history: list[IndicatorResult], period: ReportPeriod
) -> IndicatorResultRow:
    # the latest value inside the period's window (6-month and annual reports take the
    # last monthly value); earlier windows give the previous value shown beside it
    inside = [h for h in history if h.period_end >= period.start]
    current = inside[-1] if inside else None
    earlier = [h for h in history if h.period_end < period.start]
    previous = earlier[-1].actual_text if earlier else ""
    targets = {t.year: t for t in i.targets}
    year = milestone_year_for(period.year, targets)
    target = targets.get(year) if year is not None else None
    value = current.actual_value if current else None
    verdict = attainment(target.op if target else None, target.value if target else None, value)
    if verdict == "—" and current and current.judged:
        verdict = current.judged  # type: ignore[assignment]
    return IndicatorResultRow(
        indicator_id=i.id,
        code=i.code,
        group=groups.get(i.group_id) if i.group_id is not None else None,
        name=i.name,
        unit=i.unit_of_measure,
        target_year=year,
        target_text=target.text if target else "",
        target_op=target.op if target else None,
        target_value=target.value if target else None,
        actual_text=current.actual_text if current else "",
        actual_value=value,
        previous_text=previous,
        attainment=verdict if current else "—",
        source=current.source if current else "",
        note=current.note if current else "",
        warning=percent_warning(i.unit_of_measure, value),
        catalogue_code=i.catalogue_code,
    )


def heading_flags(rows: Sequence[IndicatorResultRow]) -> list[bool]:
    """For each row, whether it is a heading over the rows that follow (not an indicator)."""
    return [
        is_heading_indicator(
            r.code,
            bool(r.target_text) or r.target_value is not None,
            r.unit,
            rows[k + 1].code if k + 1 < len(rows) else None,
        )
        for k, r in enumerate(rows)
    ]


def measured_indicators(rows: Sequence[IndicatorResultRow]) -> list[IndicatorResultRow]:
    """The rows that are indicators to count and judge (headings left out)."""
    return [r for r, heading in zip(rows, heading_flags(rows), strict=True) if not heading]
