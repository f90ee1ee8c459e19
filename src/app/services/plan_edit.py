"""Creating and editing plans, tasks and indicators by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.db import Database
from app.deadlines import parse_deadline
from app.errors import ValidationError
from app.models import Plan, Task
from app.vntext import clean_cell, fold


@dataclass(frozen=True, slots=True)
class TaskInput:
    number: str
    name: str
    lead: str = ""
    cooperating: str = ""
    result: str = ""
    deadline: str = ""


@dataclass(frozen=True, slots=True)
class PlanInput:
    number: str
    title: str
    commune: str = ""
    start_year: int | None = None
    end_year: int | None = None
    tasks: list[TaskInput] = field(default_factory=list)


def apply_task_fields(task: Task, data: TaskInput) -> None:
    """Copy *data* into *task* with the deadline parsed and the search key folded."""
    task.number = clean_cell(data.number)
    task.name = clean_cell(data.name)
    task.name_folded = fold(task.name)
    task.lead_text = clean_cell(data.lead)
    task.cooperating_text = clean_cell(data.cooperating)
    task.result_text = clean_cell(data.result)
    task.deadline_text = clean_cell(data.deadline)
    parsed = parse_deadline(task.deadline_text)
    task.deadline_kind = parsed.kind
    task.deadline_start = parsed.start
    task.deadline_due = parsed.due


def create_plan(db: Database, data: PlanInput) -> int:
    if not clean_cell(data.title):
        raise ValidationError("Hãy nhập trích yếu của kế hoạch.", field="title")
    with db.begin() as s:
        plan = Plan(
            number=clean_cell(data.number),
            title=clean_cell(data.title),
            commune=clean_cell(data.commune),
            start_year=data.start_year,
            end_year=data.end_year,
        )
        for i, t in enumerate(data.tasks):
            task = Task(position=i)
            apply_task_fields(task, t)
            plan.tasks.append(task)
        s.add(plan)
        s.flush()
        return plan.id
