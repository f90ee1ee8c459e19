"""Editing, adding and deleting indicators by hand, with what an undo needs.

Decisions
---------
* Targets are one text per milestone year; each is re-parsed with
  :func:`app.targets.parse_target`. A year listed with no text stays (as the
  import keeps an empty milestone cell); a year not listed is removed.
* The catalogue link follows :func:`app.services.consolidation.set_catalogue_code`:
  a choice made here ("not standard" included) is manual and kept by later
  re-imports; "by name" (``catalogue_manual`` False) re-matches the name and
  forgets the manual choice.
* ``delete_indicators`` snapshots the rows, targets, unit links and results;
  ``restore_indicators`` puts them back with the same ids when still free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.catalogue import catalogue_entry, match_indicator
from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Indicator, IndicatorGroup, IndicatorTarget, IndicatorUnit, Plan, Unit
from app.models.reporting import IndicatorResult
from app.services import Changes
from app.services.ordering import in_plan_order
from app.services.unit_links import UnitResolver, sync_links
from app.targets import parse_target
from app.vntext import clean_cell, fold

INDICATOR_CHANGES = Changes(indicators=True, units=True, reports=True)
_GONE = "Chỉ tiêu này không còn trong kế hoạch; danh sách sẽ được làm mới."
MIN_YEAR, MAX_YEAR = 1990, 2100
NEW_YEAR_MIN, NEW_YEAR_MAX = 2025, 2050
"""The milestone years an officer may add as a new target column."""
_NEW_YEAR = re.compile(r"^(?:nam\s*)?([0-9]{4})$")


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    code: str
    name: str
    unit: str = ""
    lead: str = ""
    cooperating: str = ""
    targets: tuple[tuple[int, str], ...] = ()
    """(milestone year, target as written), in year order."""
    catalogue_code: str | None = None
    catalogue_manual: bool = False
    """False: link by the name (``catalogue_code`` ignored); True: the officer's choice."""


@dataclass(frozen=True, slots=True)
class IndicatorSnapshot:
    fields: dict[str, Any]
    targets: tuple[dict[str, Any], ...]
    unit_links: tuple[tuple[int, str], ...]
    results: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class DeletedIndicators:
    indicators: tuple[IndicatorSnapshot, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.indicators)

    @property
    def result_count(self) -> int:
        return sum(len(i.results) for i in self.indicators)


def _values(row: object) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}  # type: ignore[attr-defined]


def check_input(data: IndicatorInput) -> None:
    """Raise :class:`ValidationError` naming the field the officer must correct."""
    if not clean_cell(data.name):
        raise ValidationError("Hãy nhập tên chỉ tiêu.", field="name")
    years = [y for y, _ in data.targets]
    if any(not MIN_YEAR <= y <= MAX_YEAR for y in years):
        raise ValidationError(f"Năm mục tiêu phải từ {MIN_YEAR} đến {MAX_YEAR}.", field="targets")
    if len(set(years)) != len(years):
        raise ValidationError("Mỗi năm chỉ ghi một mục tiêu.", field="targets")
    code = data.catalogue_code
    if data.catalogue_manual and code is not None and catalogue_entry(code) is None:
        raise ValidationError(
            f"Mã “{code}” không có trong danh mục chỉ tiêu dùng chung.", field="catalogue"
        )


def check_new_year(text: str, existing: Iterable[int | str] = ()) -> int:
    """The milestone year typed for a new target column ("2035", "năm 2035").

    Raises :class:`ValidationError` when it is not a year from
    :data:`NEW_YEAR_MIN` to :data:`NEW_YEAR_MAX` or the plan already has it."""
    m = _NEW_YEAR.match(fold(clean_cell(text)))
    year = int(m.group(1)) if m else None
    if year is None or not NEW_YEAR_MIN <= year <= NEW_YEAR_MAX:
        raise ValidationError(
            f"Năm mục tiêu phải là một năm từ {NEW_YEAR_MIN} đến {NEW_YEAR_MAX}, ví dụ 2035.",
            field="year",
        )
    if year in {int(y) for y in existing}:
        raise ValidationError(f"Kế hoạch đã có cột mục tiêu năm {year}.", field="year")
    return year


def indicator_input_of(db: Database, indicator_id: int) -> IndicatorInput:
    with db.read() as s:
        ind = s.get(Indicator, indicator_id)
        if ind is None:
            raise NotFoundError(_GONE)
        return IndicatorInput(
            code=ind.code,
            name=ind.name,
            unit=ind.unit_of_measure,
            lead=ind.lead_text,
            cooperating=ind.cooperating_text,
            targets=tuple((t.year, t.text) for t in ind.targets),
            catalogue_code=ind.catalogue_code,
            catalogue_manual=ind.catalogue_manual,
        )


def _apply(s: Session, ind: Indicator, data: IndicatorInput) -> None:
    ind.code = clean_cell(data.code)
    ind.name = clean_cell(data.name)
    ind.name_folded = fold(ind.name)
    ind.unit_of_measure = clean_cell(data.unit)
    ind.lead_text = clean_cell(data.lead)
    ind.cooperating_text = clean_cell(data.cooperating)
    if data.catalogue_manual:
        ind.catalogue_code, ind.catalogue_manual = data.catalogue_code, True
    else:
        entry = match_indicator(ind.name)
        ind.catalogue_code, ind.catalogue_manual = (entry.code if entry else None), False
    old = {t.year: t for t in ind.targets}
    targets = []
    for year, text in sorted(data.targets):
        cleaned = clean_cell(text)
        parsed = parse_target(cleaned)
        row = old.get(year) or IndicatorTarget(year=year)
        row.text, row.op, row.value = cleaned, parsed.op, parsed.value
        targets.append(row)
    ind.targets = targets
    with s.no_autoflush:
        pairs = UnitResolver(s).pairs(ind.lead_text, ind.cooperating_text)
        ind.unit_links = sync_links(ind.unit_links, pairs, IndicatorUnit)


def update_indicator(db: Database, indicator_id: int, data: IndicatorInput) -> Changes:
    """Save the officer's edit of one indicator (targets re-parsed, units re-linked)."""
    check_input(data)
    with db.begin() as s:
        ind = s.get(Indicator, indicator_id)
        if ind is None:
            raise NotFoundError(_GONE)
        _apply(s, ind, data)
    return INDICATOR_CHANGES


def add_indicator(
    db: Database, plan_id: int, *, after_indicator_id: int | None, data: IndicatorInput
) -> int:
    """Insert an indicator after *after_indicator_id* (in its group), else at the end."""
    check_input(data)
    with db.begin() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; danh sách sẽ được làm mới.")
        rows = list(
            s.scalars(
                select(Indicator)
                .where(Indicator.plan_id == plan_id)
                .order_by(Indicator.position, Indicator.id)
            )
        )
        index, group_id = len(rows), rows[-1].group_id if rows else None
        if after_indicator_id is not None:
            after = next((r for r in rows if r.id == after_indicator_id), None)
            if after is None:
                raise NotFoundError(_GONE)
            index, group_id = rows.index(after) + 1, after.group_id
        for i, r in enumerate(rows):
            r.position = i if i < index else i + 1
        ind = Indicator(plan_id=plan_id, group_id=group_id, position=index)
        s.add(ind)
        _apply(s, ind, data)
        s.flush()
        return ind.id


def delete_indicators(db: Database, indicator_ids: Sequence[int]) -> DeletedIndicators:
    """Delete indicators with their targets and results; return what restores them."""
    if not indicator_ids:
        return DeletedIndicators()
    ids = list(indicator_ids)
    with db.begin() as s:
        rows = s.scalars(
            select(Indicator).where(Indicator.id.in_(ids)).order_by(Indicator.id)
        ).all()
        if len(rows) != len(set(ids)):
            raise NotFoundError(
                "Một số chỉ tiêu đã chọn không còn trong dữ liệu; danh sách sẽ được làm mới."
            )
        results: dict[int, list[dict[str, Any]]] = {}
        for r in s.scalars(select(IndicatorResult).where(IndicatorResult.indicator_id.in_(ids))):
            results.setdefault(r.indicator_id, []).append(_values(r))
        snapshots = tuple(
            IndicatorSnapshot(
                fields=_values(i),
                targets=tuple(_values(t) for t in i.targets),
                unit_links=tuple((link.unit_id, link.role) for link in i.unit_links),
                results=tuple(results.get(i.id, [])),
            )
            for i in rows
        )
        s.execute(delete(IndicatorResult).where(IndicatorResult.indicator_id.in_(ids)))
        for i in rows:
            s.delete(i)
        return DeletedIndicators(snapshots)


def restore_indicators(db: Database, deleted: DeletedIndicators) -> tuple[int, ...]:
    """Undo of :func:`delete_indicators`, in one transaction; returns the restored ids."""
    restored: list[int] = []
    with db.begin() as s:
        plans = set(s.scalars(select(Plan.id)))
        if any(snap.fields["plan_id"] not in plans for snap in deleted.indicators):
            raise NotFoundError(
                "Không khôi phục được các chỉ tiêu vì kế hoạch chứa chúng đã bị xoá."
            )
        units = set(s.scalars(select(Unit.id)))
        groups = set(s.scalars(select(IndicatorGroup.id)))
        for snap in deleted.indicators:
            fields = dict(snap.fields)
            if s.get(Indicator, fields["id"]) is not None:
                fields.pop("id")
            if fields.get("group_id") not in groups:
                fields["group_id"] = None
            ind = Indicator(**fields)
            ind.targets = [
                IndicatorTarget(**{k: v for k, v in t.items() if k not in ("id", "indicator_id")})
                for t in snap.targets
            ]
            ind.unit_links = [
                IndicatorUnit(unit_id=uid, role=role)
                for uid, role in snap.unit_links
                if uid in units
            ]
            s.add(ind)
            s.flush()
            restored.append(ind.id)
            for row in snap.results:
                values = {k: v for k, v in row.items() if k != "id"}
                values["indicator_id"] = ind.id
                s.add(IndicatorResult(**values))
    return tuple(restored)


def move_indicator(db: Database, indicator_id: int, delta: int) -> Changes:
    """Move an indicator one row up (*delta* −1) or down (+1) in plan order.

    Inside its group it swaps places with its neighbour; at the edge of its
    group it joins the neighbouring group instead (so moving back undoes it).
    """
    if delta not in (-1, 1):
        raise ValueError(f"delta must be -1 or 1, not {delta}")
    with db.begin() as s:
        ind = s.get(Indicator, indicator_id)
        if ind is None:
            raise NotFoundError(_GONE)
        rows = in_plan_order(s, Indicator, ind.plan_id)
        other = rows.index(ind) + delta
        if not 0 <= other < len(rows):
            edge = "đầu" if delta < 0 else "cuối"
            raise ValidationError(f"Chỉ tiêu đã ở {edge} danh sách.")
        neighbour = rows[other]
        if neighbour.group_id != ind.group_id:
            ind.group_id = neighbour.group_id
        else:
            ind.position, neighbour.position = neighbour.position, ind.position
    return INDICATOR_CHANGES


def indicator_groups(db: Database, plan_id: int) -> list[tuple[str, str]]:
    """(label, title) of the plan's indicator groups, in plan order (for the group filter)."""
    with db.read() as s:
        return [
            (g.label, g.title)
            for g in s.scalars(
                select(IndicatorGroup)
                .where(IndicatorGroup.plan_id == plan_id)
                .order_by(IndicatorGroup.position, IndicatorGroup.id)
            )
        ]
