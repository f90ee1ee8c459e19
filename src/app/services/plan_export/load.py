"""Reading a plan into the sheets to write: groups, rows and the appendix headings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db import Database
from app.errors import NotFoundError
from app.models import Indicator, IndicatorGroup, Plan, Task, TaskGroup
from app.services.plan_export.model import (
    INDICATOR_SHEET,
    TASK_SHEET,
    _Column,
    _Group,
    _Item,
    _Loaded,
    _Sheet,
)


def _task_groups(s: Session, plan_id: int) -> tuple[_Group, ...]:
    return tuple(
        _Group(g.id, g.label, g.title)
        for g in s.scalars(
            select(TaskGroup).where(TaskGroup.plan_id == plan_id).order_by(TaskGroup.position)
        )
    )


def _tasks(s: Session, plan_id: int) -> tuple[_Item, ...]:
    return tuple(
        _Item(
            t.group_id,
            (t.number, t.name, t.lead_text, t.cooperating_text, t.result_text, t.deadline_text),
        )
        for t in s.scalars(
            select(Task).where(Task.plan_id == plan_id).order_by(Task.position, Task.id)
        )
    )


def _indicator_groups(s: Session, plan_id: int) -> tuple[_Group, ...]:
    return tuple(
        _Group(g.id, g.label, g.title)
        for g in s.scalars(
            select(IndicatorGroup)
            .where(IndicatorGroup.plan_id == plan_id)
            .order_by(IndicatorGroup.position)
        )
    )


def _indicators(s: Session, plan_id: int) -> tuple[tuple[_Item, ...], tuple[int, ...]]:
    """The indicator rows (one target column per milestone year) and those years."""
    inds = list(
        s.scalars(
            select(Indicator)
            .where(Indicator.plan_id == plan_id)
            .order_by(Indicator.position, Indicator.id)
            .options(selectinload(Indicator.targets))
        )
    )
    years = tuple(sorted({t.year for i in inds for t in i.targets}))
    indicators = []
    for i in inds:
        by_year = {t.year: t.text for t in i.targets}
        indicators.append(
            _Item(
                i.group_id,
                (
                    i.code,
                    i.name,
                    i.unit_of_measure,
                    *(by_year.get(y, "") for y in years),
                    i.lead_text,
                    i.cooperating_text,
                ),
            )
        )
    return tuple(indicators), years


def _load(db: Database, plan_id: int) -> _Loaded:
    with db.read() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(
                f"Không có kế hoạch số hiệu {plan_id} trong dữ liệu; "
                "hãy xem danh sách bằng lệnh kh57 plans."
            )
        task_groups = _task_groups(s, plan_id)
        tasks = _tasks(s, plan_id)
        indicator_groups = _indicator_groups(s, plan_id)
        indicators, years = _indicators(s, plan_id)
        return _Loaded(task_groups, tasks, indicator_groups, indicators, years)


def _headings(db: Database, plan_id: int, data: _Loaded) -> dict[str, tuple[str, str, str]]:
    """(label, title, subtitle) per appendix, worded exactly as in the printed plan.

    The printed plan has the indicator appendix first (when there are
    indicators), then the task appendix, numbered I, II.
    """
    from app.services.documents import plan_document

    appendices = list(plan_document(db, plan_id).appendices)
    keys = [k for k, rows in (("indicators", data.indicators), ("tasks", data.tasks)) if rows]
    if len(appendices) != len(keys):  # never expected: fall back to plain wording
        words = {"indicators": "Các chỉ tiêu", "tasks": "Các nhiệm vụ"}
        return {key: (f"Phụ lục {'I' * (k + 1)}", words[key], "") for k, key in enumerate(keys)}
    return {key: (a.label, a.title, a.subtitle) for key, a in zip(keys, appendices, strict=True)}


def _indicator_sheet(data: _Loaded, heading: tuple[str, str, str]) -> _Sheet:
    label, title, subtitle = heading
    return _Sheet(
        label=label,
        name=INDICATOR_SHEET,
        title=title,
        subtitle=subtitle,
        columns=(
            _Column("TT", 7, "center"),
            _Column("Tên chỉ tiêu", 50 if len(data.years) > 1 else 56, "left"),
            _Column("Đơn vị tính", 12, "center"),
            *(_Column(f"Năm {y}", 12, "center") for y in data.years),
            _Column("Đơn vị chủ trì", 22, "left"),
            _Column("Đơn vị phối hợp", 22, "left"),
        ),
        years=data.years,
        groups=data.indicator_groups,
        items=data.indicators,
    )


def _task_sheet(data: _Loaded, heading: tuple[str, str, str]) -> _Sheet:
    label, title, subtitle = heading
    return _Sheet(
        label=label,
        name=TASK_SHEET,
        title=title,
        subtitle=subtitle,
        columns=(
            _Column("TT", 7, "center"),
            _Column("Tên nhiệm vụ", 50, "left"),
            _Column("Đơn vị chủ trì", 22, "left"),
            _Column("Đơn vị phối hợp", 22, "left"),
            _Column("Kết quả/sản phẩm", 24, "left"),
            _Column("Thời gian hoàn thành", 15, "center"),
        ),
        years=(),
        groups=data.task_groups,
        items=data.tasks,
    )


def _sheets(db: Database, plan_id: int) -> tuple[list[_Sheet], _Loaded]:
    data = _load(db, plan_id)
    heads = _headings(db, plan_id, data) if data.tasks or data.indicators else {}
    sheets: list[_Sheet] = []
    if data.indicators:
        sheets.append(_indicator_sheet(data, heads["indicators"]))
    if data.tasks:
        sheets.append(_task_sheet(data, heads["tasks"]))
    return sheets, data


def _ordered_rows(sheet: _Sheet) -> list[_Group | _Item]:
    """Items in order with a group row where the group changes.

    Groups without items are kept, at their place in the group order, so that
    re-importing the workbook gives the same groups.
    """
    order = {g.id: k for k, g in enumerate(sheet.groups)}
    used = {i.group_id for i in sheet.items}
    emitted: set[int] = set()
    out: list[_Group | _Item] = []

    def empty_groups_before(limit: int) -> None:
        for g in sheet.groups[:limit]:
            if g.id not in used and g.id not in emitted:
                out.append(g)
                emitted.add(g.id)

    current: int | None = None
    for item in sheet.items:
        gid = item.group_id
        if gid is not None and gid != current and gid in order:
            empty_groups_before(order[gid])
            out.append(sheet.groups[order[gid]])
            emitted.add(gid)
        current = gid
        out.append(item)
    empty_groups_before(len(sheet.groups))
    return out
