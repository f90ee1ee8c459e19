"""What is entered (inputs) and what is read back (rows) per period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
