"""Writing a parsed plan's rows: rows already there updated in place, new rows bulk-inserted.

A re-import matches tasks by (group label, number) and indicators by their
numbering, and updates those rows through the ORM (their ids, progress and
results stay). Every other row is new: it is written with one executemany
``INSERT`` per table (``session.execute(insert(Task), rows)``), the new ids
read back by position, then their targets and unit links the same way. That
is about three times faster than adding ORM objects (5,000 tasks: ~1.0 s
instead of ~3.4 s for the whole import, ``bench/import_export.py``).
Bulk statements skip the ORM events, so this module does what they would:
text is stored in NFC (:func:`_nfc_row`) and both timestamps are set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.catalogue import match_indicator
from app.deadlines import Deadline
from app.importing import ParsedGroup, ParsedIndicator, ParsedPlan, ParsedTask
from app.models import (
    Indicator,
    IndicatorGroup,
    IndicatorTarget,
    IndicatorUnit,
    Plan,
    Task,
    TaskGroup,
    TaskUnit,
)
from app.models.base import utcnow
from app.services.unit_links import Pairs, UnitResolver, link_rows, sync_links
from app.targets import parse_target
from app.vntext import fold, nfc

CatalogueOverrides = Mapping[str, str | None]
"""Indicator numbering ("1.2") → the officer's catalogue code (None: not standard)."""


def task_key(group: str | None, number: str) -> tuple[str, str]:
    return (group or "", number)


def catalogue_choice(
    old: Indicator | None, item: ParsedIndicator, overrides: CatalogueOverrides
) -> tuple[str | None, bool]:
    """(code, manual): the officer's choice now, else the earlier one, else the name's match."""
    if item.code in overrides:
        return overrides[item.code], True
    if old is not None and old.catalogue_manual:
        return old.catalogue_code, True
    entry = match_indicator(item.name)
    return (entry.code if entry else None), False


class CachedPairs:
    """``UnitResolver.pairs`` worked out once per distinct (lead, cooperating) pair of cells.

    Resolving is idempotent once a cell has been seen (its units exist, its
    aliases are recorded), so a repeated pair gives the same links.
    """

    def __init__(self, units: UnitResolver) -> None:
        self.units = units
        self.cache: dict[tuple[str, str], Pairs] = {}

    def pairs(self, lead: str, cooperating: str) -> Pairs:
        key = (lead, cooperating)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self.units.pairs(lead, cooperating)
        return found


@dataclass(frozen=True, slots=True)
class _NewRow:
    position: int
    group: Any  # TaskGroup | IndicatorGroup | None; its id is known once flushed
    pairs: Pairs


@dataclass(frozen=True, slots=True)
class _NewTask(_NewRow):
    item: ParsedTask


@dataclass(frozen=True, slots=True)
class _NewIndicator(_NewRow):
    item: ParsedIndicator
    catalogue_code: str | None
    catalogue_manual: bool


def _nfc_row(row: dict[str, Any]) -> dict[str, Any]:
    """What the ORM's ``before_insert`` event does to text (``app.models.base``)."""
    return {k: nfc(v) if isinstance(v, str) else v for k, v in row.items()}


def _groups(plan_groups: list[Any], parsed_groups: Iterable[ParsedGroup], factory: Any) -> Any:
    by_label = {g.label: g for g in plan_groups}
    keep = []
    for pos, pg in enumerate(parsed_groups):
        g = by_label.get(pg.label) or factory()
        g.label, g.title, g.position = pg.label, pg.title, pos
        keep.append(g)
    plan_groups[:] = keep
    return {g.label: g for g in keep}


def write_plan_rows(
    s: Session,
    plan: Plan,
    parsed: ParsedPlan,
    deadlines: dict[str, Deadline],
    overrides: CatalogueOverrides,
) -> None:
    """Write *parsed*'s groups, tasks and indicators into *plan* (added to *s*); flushes.

    *deadlines* maps each task's deadline text to its parsed form.
    """
    units = CachedPairs(UnitResolver(s))
    with s.no_autoflush:
        new_tasks = stage_tasks(plan, parsed, units, deadlines)
        new_indicators = stage_indicators(plan, parsed, units, overrides)
    s.flush()  # the plan, its groups, new units and the kept rows' new positions
    insert_tasks(s, plan.id, new_tasks, deadlines)
    insert_indicators(s, plan.id, new_indicators)


# ------------------------------------------------------------------ tasks


def _assign(row: Any, values: dict[str, Any], group: Any) -> None:
    """Set only what differs: an unchanged row costs no ORM history and no UPDATE."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    group_id = group.id if group is not None else None
    if (group is not None and group_id is None) or row.group_id != group_id:
        row.group = group


def _drop_others(collection: list[Any], kept: set[Any]) -> None:
    """Remove the rows not matched in the file (delete-orphan deletes them on flush).

    Only those are touched: replacing the whole list costs a quadratic check per row.
    """
    for row in [r for r in collection if r not in kept]:
        collection.remove(row)


def _task_values(pos: int, pt: ParsedTask, d: Deadline) -> dict[str, Any]:
    return {
        "position": pos,
        "number": pt.number,
        "name": pt.name,
        "name_folded": fold(pt.name),
        "lead_text": pt.lead,
        "cooperating_text": pt.cooperating,
        "result_text": pt.result,
        "deadline_text": pt.deadline,
        "deadline_kind": d.kind,
        "deadline_start": d.start,
        "deadline_due": d.due,
    }


def stage_tasks(
    plan: Plan, parsed: ParsedPlan, units: CachedPairs, deadlines: dict[str, Deadline]
) -> list[_NewTask]:
    """Update the tasks the plan already has; return the new ones, to be inserted."""
    old_groups = {g.id: g.label for g in plan.task_groups}
    old = {task_key(old_groups.get(t.group_id or -1), t.number): t for t in plan.tasks}
    groups = _groups(plan.task_groups, parsed.task_groups, TaskGroup)
    new, kept = [], set()
    for pos, pt in enumerate(parsed.tasks):
        group = groups.get(pt.group) if pt.group else None
        pairs = units.pairs(pt.lead, pt.cooperating)
        task = old.pop(task_key(pt.group, pt.number), None)
        if task is None:
            new.append(_NewTask(pos, group, pairs, pt))
            continue
        _assign(task, _task_values(pos, pt, deadlines[pt.deadline]), group)
        _sync_unit_links(task, pairs, TaskUnit)
        kept.add(task)
    _drop_others(plan.tasks, kept)
    return new


def _task_row(plan_id: int, new: _NewTask, d: Deadline, now: datetime) -> dict[str, Any]:
    values = _task_values(new.position, new.item, d)
    group_id = new.group.id if new.group is not None else None
    row = {"plan_id": plan_id, "group_id": group_id, **values, "condition_arrived": False}
    return _nfc_row({**row, "created_at": now, "updated_at": now})


def insert_tasks(
    s: Session, plan_id: int, new: list[_NewTask], deadlines: dict[str, Deadline]
) -> None:
    """Insert the new tasks and their unit links (groups and units must be flushed)."""
    if not new:
        return
    now = utcnow()
    rows = [_task_row(plan_id, n, deadlines[n.item.deadline], now) for n in new]
    ids = _insert_and_ids(s, Task, rows)
    _insert(s, TaskUnit, link_rows("task_id", zip(ids, (n.pairs for n in new), strict=True)))


# ------------------------------------------------------------------ indicators


def _targets(ind: Indicator, pi: ParsedIndicator) -> list[IndicatorTarget]:
    old_targets = {t.year: t for t in ind.targets}
    targets = []
    for year, text in pi.targets.items():
        tgt = parse_target(text)
        row = old_targets.get(int(year)) or IndicatorTarget(year=int(year))
        row.text, row.op, row.value = text, tgt.op, tgt.value
        targets.append(row)
    return targets


def _indicator_values(pos: int, pi: ParsedIndicator) -> dict[str, Any]:
    return {
        "position": pos,
        "code": pi.code,
        "name": pi.name,
        "name_folded": fold(pi.name),
        "unit_of_measure": pi.unit,
        "lead_text": pi.lead,
        "cooperating_text": pi.cooperating,
    }


def _sync_unit_links(row: Any, pairs: Pairs, factory: Any) -> None:
    links = sync_links(row.unit_links, pairs, factory)
    if links != row.unit_links:
        row.unit_links = links


def stage_indicators(
    plan: Plan, parsed: ParsedPlan, units: CachedPairs, overrides: CatalogueOverrides
) -> list[_NewIndicator]:
    """Update the indicators the plan already has; return the new ones, to be inserted."""
    old = {i.code: i for i in plan.indicators}
    groups = _groups(plan.indicator_groups, parsed.indicator_groups, IndicatorGroup)
    new, kept = [], set()
    for pos, pi in enumerate(parsed.indicators):
        group = groups.get(pi.group) if pi.group else None
        pairs = units.pairs(pi.lead, pi.cooperating)
        ind = old.pop(pi.code, None)
        code, manual = catalogue_choice(ind, pi, overrides)
        if ind is None:
            new.append(_NewIndicator(pos, group, pairs, pi, code, manual))
            continue
        values = {**_indicator_values(pos, pi), "catalogue_code": code, "catalogue_manual": manual}
        _assign(ind, values, group)
        ind.targets = _targets(ind, pi)
        _sync_unit_links(ind, pairs, IndicatorUnit)
        kept.add(ind)
    _drop_others(plan.indicators, kept)
    return new


def _indicator_row(plan_id: int, new: _NewIndicator, now: datetime) -> dict[str, Any]:
    group_id = new.group.id if new.group is not None else None
    row = {"plan_id": plan_id, "group_id": group_id, **_indicator_values(new.position, new.item)}
    row.update(catalogue_code=new.catalogue_code, catalogue_manual=new.catalogue_manual)
    return _nfc_row({**row, "created_at": now, "updated_at": now})


def _target_rows(ind_id: int, pi: ParsedIndicator) -> list[dict[str, Any]]:
    out = []
    for year, text in pi.targets.items():
        tgt = parse_target(text)
        row = {"indicator_id": ind_id, "year": int(year), "text": text}
        out.append(_nfc_row({**row, "op": tgt.op, "value": tgt.value}))
    return out


def insert_indicators(s: Session, plan_id: int, new: list[_NewIndicator]) -> None:
    """Insert the new indicators, their targets and unit links (groups and units flushed)."""
    if not new:
        return
    now = utcnow()
    ids = _insert_and_ids(s, Indicator, [_indicator_row(plan_id, n, now) for n in new])
    targets = [r for i, n in zip(ids, new, strict=True) for r in _target_rows(i, n.item)]
    _insert(s, IndicatorTarget, targets)
    pairs = zip(ids, (n.pairs for n in new), strict=True)
    _insert(s, IndicatorUnit, link_rows("indicator_id", pairs))


# ------------------------------------------------------------------ statements


def _insert_and_ids(s: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert one plan's *rows* in one batch; their new ids in the order of *rows*.

    Ids are read back by position (unique in a plan once the kept rows are
    flushed): SQLite cannot promise the order of a multi-row ``RETURNING``, and
    SQLAlchemy then falls back to one statement a row.
    """
    s.execute(insert(model), rows)
    plan_id = rows[0]["plan_id"]
    found = s.execute(select(model.position, model.id).where(model.plan_id == plan_id))
    by_position = {position: row_id for position, row_id in found}
    return [by_position[r["position"]] for r in rows]


def _insert(s: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        s.execute(insert(model), rows)
