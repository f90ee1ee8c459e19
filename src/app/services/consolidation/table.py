"""The consolidated table: standard indicators as rows, one column per commune."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REACHED, NOT_REACHED = "Đạt", "Chưa đạt"


@dataclass(frozen=True, slots=True)
class CommuneColumn:
    commune: str
    province: str
    label: str  #: the commune's name, with its province when two communes share a name
    plan_numbers: tuple[str, ...]
    revisions: tuple[int, ...]
    inbox_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ConsolidatedCell:
    """One commune's figure for one standard indicator, as its report gave it."""

    number: str  #: numbering in the commune's plan, e.g. "1.2"
    name: str  #: the name as printed in the commune's plan
    unit: str
    target_text: str
    actual_text: str
    actual_value: float | None
    attainment: str  #: "Đạt" | "Chưa đạt" | "—"
    plan_number: str

    @property
    def is_percent(self) -> bool:
        return self.unit.strip().startswith("%")


@dataclass(frozen=True, slots=True)
class ConsolidatedRow:
    code: str
    name: str
    unit: str
    cells: tuple[ConsolidatedCell | None, ...]  #: one per column; None: not in that plan
    reached: int
    not_reached: int
    no_data: int
    average: float | None  #: mean of the numeric % values (None when not a % indicator)
    averaged: int  #: how many communes the average is over


@dataclass(frozen=True, slots=True)
class ConsolidatedTable:
    period_key: str
    period_label: str
    communes: tuple[CommuneColumn, ...]
    rows: tuple[ConsolidatedRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period_key,
            "communes": [
                {"commune": c.commune, "province": c.province, "plans": list(c.plan_numbers)}
                for c in self.communes
            ],
            "rows": [_row_json(r) for r in self.rows],
        }


def _cell_json(c: ConsolidatedCell | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "code": c.number,
        "actual_text": c.actual_text,
        "actual_value": c.actual_value,
        "attainment": c.attainment,
    }


def _row_json(r: ConsolidatedRow) -> dict[str, Any]:
    return {
        "catalogue_code": r.code,
        "name": r.name,
        "unit": r.unit,
        "values": [_cell_json(c) for c in r.cells],
        "reached": r.reached,
        "not_reached": r.not_reached,
        "no_data": r.no_data,
        "average": r.average,
    }
