"""Recording and reading task progress and indicator results per period.

``rows`` holds what is entered and read back, ``record`` stores it, ``tasks``
reads each task's official status and ``indicators`` each indicator's result.
"""

from __future__ import annotations

from app.services.progress_entry.indicators import (
    heading_flags,
    indicator_results,
    measured_indicators,
)
from app.services.progress_entry.record import (
    _latest_progress,
    record_progress,
    record_result,
    upsert_progress,
    upsert_result,
)
from app.services.progress_entry.rows import (
    IndicatorResultRow,
    ProgressInput,
    ResultInput,
    TaskStatusRow,
)
from app.services.progress_entry.tasks import task_statuses

__all__ = [
    "IndicatorResultRow",
    "ProgressInput",
    "ResultInput",
    "TaskStatusRow",
    "_latest_progress",
    "heading_flags",
    "indicator_results",
    "measured_indicators",
    "record_progress",
    "record_result",
    "task_statuses",
    "upsert_progress",
    "upsert_result",
]
