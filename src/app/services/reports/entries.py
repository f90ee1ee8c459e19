"""Progress and indicator values entered by task number or indicator code (CLI)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Indicator, Plan, Task
from app.periods import period_from_key
from app.progress import parse_actual_value
from app.services.progress_entry import (
    IndicatorResultRow,
    ProgressInput,
    ResultInput,
    TaskStatusRow,
    indicator_results,
    record_progress,
    record_result,
    task_statuses,
)
from app.targets import format_number_vi


def parse_day_vi(text: str) -> date:
    """A date written dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy)."""
    parts = re.split(r"[/.-]", text.strip())
    try:
        if len(parts) != 3 or len(parts[2]) != 4:
            raise ValueError(text)
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise ValidationError(
            f"Ngày “{text}” không hợp lệ; hãy ghi theo mẫu ngày/tháng/năm, ví dụ 20/09/2025.",
            field="date",
        ) from None


def _plan_item_id(db: Database, plan_id: int, model: Any, column: Any, value: str) -> int | None:
    with db.read() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(
                f"Không có kế hoạch mã {plan_id}; hãy xem danh sách bằng lệnh “kh57 plans”."
            )
        found = s.scalars(
            select(model.id).where(model.plan_id == plan_id, column == value.strip())
        ).first()
        return int(found) if found is not None else None


def enter_progress(
    db: Database, *, plan_id: int, period_key: str, task_number: str, data: ProgressInput
) -> dict[str, Any]:
    """Record the progress of the task numbered *task_number*; the stored entry as JSON."""
    period = period_from_key(period_key)
    task_id = _plan_item_id(db, plan_id, Task, Task.number, task_number)
    if task_id is None:
        raise NotFoundError(
            f"Kế hoạch không có nhiệm vụ số “{task_number}”; hãy xem số nhiệm vụ bằng lệnh "
            f"“kh57 tasks {plan_id}”."
        )
    record_progress(db, task_id=task_id, period_key=period.key, data=data)
    row = next(t for t in task_statuses(db, plan_id, period.key) if t.task_id == task_id)
    return _progress_json(row, period.key)


def _progress_json(row: TaskStatusRow, period_key: str) -> dict[str, Any]:
    return {
        "task": row.number,
        "period": period_key,
        "status": row.entered_label,
        "status_code": row.entered,
        "official_status": row.official_text,
        "percent": row.percent,
        "result": row.result_text,
        "completed_on": row.completed_on.isoformat() if row.completed_on else None,
        "reason": row.reason,
    }


def normalise_value(text: str) -> str:
    """A typed number written the Vietnamese way ("50.5" → "50,5", "80 %" → "80%");
    words are kept as typed."""
    text = " ".join(text.split())
    number = parse_actual_value(text)
    if number is None:
        return text
    return format_number_vi(number) + ("%" if text.endswith("%") else "")


def enter_value(
    db: Database,
    *,
    plan_id: int,
    period_key: str,
    code: str,
    value: str,
    source: str = "",
    note: str = "",
) -> dict[str, Any]:
    """Record the value of the indicator coded *code*; the stored entry as JSON."""
    period = period_from_key(period_key)
    indicator_id = _plan_item_id(db, plan_id, Indicator, Indicator.code, code)
    if indicator_id is None:
        raise NotFoundError(
            f"Kế hoạch không có chỉ tiêu mã “{code}”; hãy xem mã chỉ tiêu bằng lệnh "
            f"“kh57 indicators {plan_id}”."
        )
    data = ResultInput(actual_text=normalise_value(value), source=source, note=note)
    record_result(db, indicator_id=indicator_id, period_key=period.key, data=data)
    row = next(
        i for i in indicator_results(db, plan_id, period.key) if i.indicator_id == indicator_id
    )
    return _value_json(row, period.key)


def _value_json(row: IndicatorResultRow, period_key: str) -> dict[str, Any]:
    return {
        "indicator": row.code,
        "period": period_key,
        "value": row.actual_text,
        "number": row.actual_value,
        "unit": row.unit,
        "source": row.source,
        "target": row.target_text,
        "attainment": row.attainment if row.attainment in ("Đạt", "Chưa đạt") else None,
        "warning": row.warning,
    }
