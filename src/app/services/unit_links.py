"""Recognising the units named in lead/cooperating cells and linking them to rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Unit
from app.vntext import split_units, unit_key, unit_kind

Pairs = list[tuple[Unit, str]]
"""(unit, role) links of one row; role is "lead" or "cooperating"."""


class UnitResolver:
    """Find-or-create units by their normalised key inside one session."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.by_key = {u.key: u for u in s.scalars(select(Unit))}

    def resolve(self, cell: str) -> list[Unit]:
        found: list[Unit] = []
        for name in split_units(cell):
            key = unit_key(name)
            if not key:
                continue
            unit = self.by_key.get(key)
            if unit is None:
                unit = Unit(name=name, key=key, kind=unit_kind(name), aliases=[])
                self.s.add(unit)
                self.by_key[key] = unit
            elif name != unit.name and name not in (unit.aliases or []):
                unit.aliases = [*(unit.aliases or []), name]
            if unit not in found:
                found.append(unit)
        return found

    def pairs(self, lead: str, cooperating: str) -> Pairs:
        """(unit, role) for a row; a unit that leads is not also listed as cooperating."""
        out = [(u, "lead") for u in self.resolve(lead)]
        leads = {u for u, _ in out}
        out += [(u, "cooperating") for u in self.resolve(cooperating) if u not in leads]
        return out


def sync_links(existing: list[Any], pairs: Pairs, factory: Any) -> list[Any]:
    """The link rows for *pairs*, keeping rows that still apply (a unique row is never re-inserted)."""
    have = {(link.unit_id, link.role): link for link in existing if link.unit_id is not None}
    out = []
    for unit, role in pairs:
        link = have.get((unit.id, role)) if unit.id is not None else None
        out.append(link or factory(unit=unit, role=role))
    return out


def link_rows(owner: str, rows: Iterable[tuple[int, Pairs]]) -> list[dict[str, Any]]:
    """Link rows for a bulk insert: ``{owner: row id, "unit_id", "role"}`` (units flushed)."""
    return [
        {owner: row_id, "unit_id": unit.id, "role": role}
        for row_id, pairs in rows
        for unit, role in pairs
    ]
