"""Receiving office: reading the inbox's current bundles into the consolidated table."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.catalogue import CatalogueEntry, load_catalogue, match_indicator
from app.db import Database
from app.errors import AppError
from app.models.submission import InboxBundle
from app.periods import period_from_key
from app.services.consolidation.table import (
    NOT_REACHED,
    REACHED,
    CommuneColumn,
    ConsolidatedCell,
    ConsolidatedRow,
    ConsolidatedTable,
)

log = logging.getLogger("app.services.consolidation")


@dataclass(frozen=True, slots=True)
class _Bundle:
    id: int
    commune: str
    province: str
    plan_number: str
    revision: int
    packed_at: datetime | None
    superseded: bool
    data: str

    @property
    def rank(self) -> tuple[bool, int, datetime, int]:
        """The current revision first (not superseded), then the newest."""
        return (not self.superseded, self.revision, self.packed_at or datetime.min, self.id)


def consolidation_periods(db: Database) -> list[tuple[str, str]]:
    """(period key, Vietnamese label) of every period with a bundle in the inbox, newest first."""
    with db.read() as s:
        keys = s.scalars(select(InboxBundle.period_key).distinct()).all()
    out = []
    for key in keys:
        try:
            period = period_from_key(key)
        except (ValueError, AppError) as exc:  # a key this version cannot read
            log.warning("Bỏ qua kỳ %r trong hộp thư đến: %s", key, exc)
            continue
        out.append((period, key))
    out.sort(key=lambda pk: (pk[0].end, pk[0].start), reverse=True)
    return [(key, period.label_vi) for period, key in out]


def _bundle_rows(db: Database, period_key: str) -> list[_Bundle]:
    with db.read() as s:
        rows = s.execute(
            select(
                InboxBundle.id,
                InboxBundle.commune,
                InboxBundle.province,
                InboxBundle.plan_number,
                InboxBundle.revision,
                InboxBundle.packed_at,
                InboxBundle.superseded_by_id,
                InboxBundle.data,
            ).where(InboxBundle.period_key == period_key)
        ).all()
    return [
        _Bundle(
            r.id,
            r.commune,
            r.province,
            r.plan_number,
            r.revision,
            r.packed_at,
            r.superseded_by_id is not None,
            r.data,
        )
        for r in rows
    ]


def _current_bundles(db: Database, period_key: str) -> list[_Bundle]:
    """The current revision of each (province, commune, plan) for the period."""
    best: dict[tuple[str, str, str], _Bundle] = {}
    for b in _bundle_rows(db, period_key):
        key = (b.province, b.commune, b.plan_number)
        if key not in best or best[key].rank < b.rank:
            best[key] = b
    return sorted(best.values(), key=lambda b: (b.packed_at or datetime.min, b.id))


def _indicators(data_text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(data_text)
    except ValueError:
        return []
    items = data.get("indicators") if isinstance(data, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _code_of(item: dict[str, Any]) -> str | None:
    if "catalogue_code" in item:  # the commune's own link (null: not a standard indicator)
        code = item["catalogue_code"]
        return code if isinstance(code, str) and code else None
    entry = match_indicator(str(item.get("name", "")))
    return entry.code if entry else None


def _cell(item: dict[str, Any], plan_number: str) -> ConsolidatedCell:
    value = item.get("actual_value")
    attainment = item.get("attainment")
    return ConsolidatedCell(
        number=str(item.get("code", "")),
        name=str(item.get("name", "")),
        unit=str(item.get("unit", "")),
        target_text=str(item.get("target_text", "")),
        actual_text=str(item.get("actual_text", "")),
        actual_value=float(value) if isinstance(value, int | float) else None,
        attainment=attainment if attainment in (REACHED, NOT_REACHED) else "—",
        plan_number=plan_number,
    )


def _columns(bundles: list[_Bundle]) -> list[CommuneColumn]:
    groups: dict[tuple[str, str], list[_Bundle]] = {}
    for b in bundles:
        groups.setdefault((b.province, b.commune), []).append(b)
    names: dict[str, int] = {}
    for _province, commune in groups:
        names[commune] = names.get(commune, 0) + 1
    out = []
    for (province, commune), group in groups.items():
        label = f"{commune} ({province})" if names[commune] > 1 and province else commune
        out.append(
            CommuneColumn(
                commune=commune,
                province=province,
                label=label,
                plan_numbers=tuple(b.plan_number for b in group),
                revisions=tuple(b.revision for b in group),
                inbox_ids=tuple(b.id for b in group),
            )
        )
    from app.vntext import sort_key

    return sorted(out, key=lambda c: (sort_key(c.commune), sort_key(c.province)))


def _row(
    code: str, entry: CatalogueEntry | None, cells: list[ConsolidatedCell | None]
) -> ConsolidatedRow:
    present = [c for c in cells if c is not None]
    reached = sum(1 for c in present if c.attainment == REACHED)
    not_reached = sum(1 for c in present if c.attainment == NOT_REACHED)
    percent = entry.is_percent if entry else all(c.is_percent for c in present)
    values = [c.actual_value for c in present if c.actual_value is not None and c.is_percent]
    average = sum(values) / len(values) if percent and values else None
    first = present[0] if present else None
    return ConsolidatedRow(
        code=code,
        name=entry.name if entry else (first.name if first else code),
        unit=entry.unit if entry else (first.unit if first else ""),
        cells=tuple(cells),
        reached=reached,
        not_reached=not_reached,
        no_data=len(present) - reached - not_reached,  # a plan without it: not applicable
        average=average,
        averaged=len(values) if average is not None else 0,
    )


def consolidated_indicators(db: Database, period_key: str) -> ConsolidatedTable:
    """Standard indicators × communes for one period, from the inbox's current bundles."""
    period = period_from_key(period_key)
    bundles = _current_bundles(db, period.key)
    columns = _columns(bundles)
    position = {(c.province, c.commune): k for k, c in enumerate(columns)}
    by_code: dict[str, list[ConsolidatedCell | None]] = {}
    for b in bundles:  # oldest packed first: a later bundle's figure replaces an earlier one
        column = position[(b.province, b.commune)]
        seen: set[str] = set()
        for item in _indicators(b.data):
            code = _code_of(item)
            if code is None or code in seen:
                continue
            seen.add(code)
            cells = by_code.setdefault(code, [None] * len(columns))
            cells[column] = _cell(item, b.plan_number)
    catalogue = load_catalogue()
    order = {c: k for k, c in enumerate(catalogue.codes())}
    rows = [
        _row(code, catalogue.get(code), cells)
        for code, cells in sorted(by_code.items(), key=lambda kv: (order.get(kv[0], 10**6), kv[0]))
    ]
    return ConsolidatedTable(period.key, period.label_vi, tuple(columns), tuple(rows))
