"""Storing one task's progress or one indicator's result for a period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.errors import NotFoundError
from app.models import (
    Indicator,
    IndicatorResult,
    Task,
    TaskProgress,
)
from app.periods import ReportPeriod, period_from_key
from app.progress import (
    parse_actual_value,
    validate_progress,
)
from app.services import Changes
from app.services.progress_entry.rows import ProgressInput, ResultInput
from app.vntext import clean_cell


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
