"""What the export writes: the constants of the layout and the rows read from a plan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

FONT_NAME = "Times New Roman"
BODY_SIZE = 12
TITLE_SIZE = 13
#: Rows above the header: "PHỤ LỤC I", the title, "(Kèm theo …)", one blank row.
TITLE_ROWS = 4
INDICATOR_SHEET = "Chỉ tiêu"
TASK_SHEET = "Nhiệm vụ"
#: Line height in points for one line of 12 pt (13 pt) Times New Roman.
_LINE_PT = {BODY_SIZE: 15.75, TITLE_SIZE: 17.0}


@dataclass(frozen=True, slots=True)
class _Group:
    id: int
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class _Item:
    group_id: int | None
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    width: float  # Excel character units
    align: str  # "left" | "center"


@dataclass(frozen=True, slots=True)
class _Sheet:
    label: str  # "Phụ lục I"
    name: str  # "Chỉ tiêu"
    title: str  # appendix title (written in capitals)
    subtitle: str  # "(Kèm theo Kế hoạch số …)"
    columns: tuple[_Column, ...]
    years: tuple[int, ...]  # milestone year columns (indicators), after column 3
    groups: tuple[_Group, ...]
    items: tuple[_Item, ...]


@dataclass(frozen=True, slots=True)
class PlanExport:
    """What ``kh57 export`` reports."""

    plan_id: int
    xlsx: Path
    tasks: int
    indicators: int

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "xlsx": str(self.xlsx),
            "tasks": self.tasks,
            "indicators": self.indicators,
        }


@dataclass(frozen=True, slots=True)
class _Loaded:
    task_groups: tuple[_Group, ...]
    tasks: tuple[_Item, ...]
    indicator_groups: tuple[_Group, ...]
    indicators: tuple[_Item, ...]
    years: tuple[int, ...]
