"""The plan's data as loaded for printing, and its two appendix tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db import Database
from app.errors import NotFoundError
from app.models import Indicator, IndicatorGroup, Plan, Task, TaskGroup
from app.services.documents.common import number_vi, with_group_rows
from app.targets import is_heading_indicator

if TYPE_CHECKING:
    from app.printing import HeaderCell, Row, Table


@dataclass(frozen=True, slots=True)
class PlanData:
    plan: Plan
    task_groups: dict[int, TaskGroup]
    indicator_groups: dict[int, IndicatorGroup]
    tasks: list[Task]
    indicators: list[Indicator]


def load_plan(db: Database, plan_id: int) -> PlanData:
    with db.read() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; hãy tải lại danh sách.")
        tg = {g.id: g for g in s.scalars(select(TaskGroup).where(TaskGroup.plan_id == plan_id))}
        ig = {
            g.id: g
            for g in s.scalars(select(IndicatorGroup).where(IndicatorGroup.plan_id == plan_id))
        }
        tasks = list(s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)))
        inds = list(
            s.scalars(
                select(Indicator)
                .where(Indicator.plan_id == plan_id)
                .order_by(Indicator.position)
                .options(selectinload(Indicator.targets))
            )
        )
        return PlanData(plan, tg, ig, tasks, inds)


def _target_text(text: str, value: float | None) -> str:
    return number_vi(text, value)


def plan_indicator_table(data: PlanData, years: list[int]) -> Table:
    from app.printing import Column, Table

    ycols = [str(y) for y in years] or ["Mục tiêu"]
    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Chỉ tiêu", weight=5),
        Column(title="Đơn vị tính", width_mm=26, align="center"),
        *[Column(title=y, width_mm=26, align="center") for y in ycols],
        Column(title="Đơn vị chủ trì", weight=2),
    ]
    header = _indicator_header(years, ycols)
    rows = with_group_rows(_indicator_items(data, years))
    return Table(columns=columns, header_rows=header, rows=rows)


def _indicator_header(years: list[int], ycols: list[str]) -> list[list[HeaderCell]]:
    """Two header rows with "Mục tiêu" over the years; none (the column titles) without years."""
    from app.printing import HeaderCell

    header: list[list[HeaderCell]] = []
    if years:
        header = [
            [
                HeaderCell(text="TT", rowspan=2),
                HeaderCell(text="Chỉ tiêu", rowspan=2),
                HeaderCell(text="Đơn vị tính", rowspan=2),
                HeaderCell(text="Mục tiêu", colspan=len(years)),
                HeaderCell(text="Đơn vị chủ trì", rowspan=2),
            ],
            [HeaderCell(text=y) for y in ycols],
        ]
    return header


def _indicator_items(data: PlanData, years: list[int]) -> list[tuple[str | None, str, Row]]:
    from app.printing import Row

    items: list[tuple[str | None, str, Row]] = []
    inds = data.indicators
    for k, ind in enumerate(inds):
        targets = {t.year: t for t in ind.targets}
        cells = [
            _target_text(targets[y].text, targets[y].value) if y in targets else "" for y in years
        ]
        if not years:
            cells = [""]
        nxt = inds[k + 1].code if k + 1 < len(inds) else None
        g = data.indicator_groups.get(ind.group_id) if ind.group_id is not None else None
        if is_heading_indicator(ind.code, any(cells), ind.unit_of_measure, nxt):
            row = Row(cells=[ind.code, ind.name], is_group=True)
        else:
            row = Row(cells=[ind.code, ind.name, ind.unit_of_measure, *cells, ind.lead_text])
        items.append((g.label if g else None, g.title if g else "", row))
    return items


def plan_task_table(data: PlanData) -> Table:
    from app.printing import Column, Row, Table

    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Nhiệm vụ", weight=5),
        Column(title="Chủ trì", weight=2),
        Column(title="Phối hợp", weight=2),
        Column(title="Kết quả/sản phẩm", weight=2),
        Column(title="Thời hạn", width_mm=30, align="center"),
    ]
    items: list[tuple[str | None, str, Row]] = []
    for t in data.tasks:
        g = data.task_groups.get(t.group_id) if t.group_id is not None else None
        cells = [t.number, t.name, t.lead_text, t.cooperating_text, t.result_text, t.deadline_text]
        items.append((g.label if g else None, g.title if g else "", Row(cells=cells)))
    return Table(columns=columns, rows=with_group_rows(items))
