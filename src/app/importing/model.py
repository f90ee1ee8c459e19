"""Result of reading a plan file: plain frozen dataclasses, no database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.errors import ImportFormatError

TableKind = Literal["indicators", "tasks"]

# Field names used in :class:`ColumnMapping.columns`.  A target column is named
# ``"target:<year>"`` (for example ``"target:2030"``).
FIELD_NUMBER = "number"
FIELD_NAME = "name"
FIELD_UNIT = "unit"
FIELD_LEAD = "lead"
FIELD_COOPERATING = "cooperating"
FIELD_RESULT = "result"
FIELD_DEADLINE = "deadline"
TARGET_PREFIX = "target:"

INDICATOR_FIELDS: tuple[str, ...] = (
    FIELD_NUMBER,
    FIELD_NAME,
    FIELD_UNIT,
    FIELD_LEAD,
    FIELD_COOPERATING,
)
TASK_FIELDS: tuple[str, ...] = (
    FIELD_NUMBER,
    FIELD_NAME,
    FIELD_LEAD,
    FIELD_COOPERATING,
    FIELD_RESULT,
    FIELD_DEADLINE,
)


@dataclass(frozen=True)
class ImportWarning:
    """Something doubtful in one row (or one table when ``row`` is None)."""

    sheet: str
    row: int | None
    message: str


@dataclass(frozen=True)
class ParsedGroup:
    label: str
    title: str


@dataclass(frozen=True)
class ParsedIndicator:
    code: str
    group: str | None
    name: str
    unit: str
    lead: str
    cooperating: str
    targets: dict[str, str]
    """Milestone year ("2030") → target text exactly as displayed."""
    source_sheet: str
    source_row: int
    """1-based row number in the sheet (Excel) or in the table (Word)."""


@dataclass(frozen=True)
class ParsedTask:
    number: str
    group: str | None
    name: str
    lead: str
    cooperating: str
    result: str
    deadline: str
    """The deadline words as written; parsed later with ``app.deadlines``."""
    source_sheet: str
    source_row: int


@dataclass(frozen=True)
class PlanHeader:
    """What can be read of a Word plan's heading (every field may be missing)."""

    number: str | None
    title: str | None
    commune: str | None
    issue_date: date | None
    date_text: str | None
    """The place-and-date line as written, e.g. "Tam Chung, ngày 05 tháng 02 năm 2025"."""
    legal_bases: tuple[str, ...] = ()
    source: str | None = None
    """For a workbook KH57 exported: the file the plan was first imported from (the
    workbook's identifier), so a re-import finds the plan even before it has a number."""


@dataclass(frozen=True)
class ParsedPlan:
    header: PlanHeader | None
    """Read from a Word document, or from the "(Kèm theo Kế hoạch số …)" line of a
    workbook (number and commune only); None when the file says nothing of the plan."""
    indicator_groups: tuple[ParsedGroup, ...]
    indicators: tuple[ParsedIndicator, ...]
    task_groups: tuple[ParsedGroup, ...]
    tasks: tuple[ParsedTask, ...]
    warnings: tuple[ImportWarning, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready content in the shape of ``tests/data/samples/*.json``."""
        header: dict[str, object] | None = None
        if self.header is not None:
            h = self.header
            header = {
                "number": h.number,
                "title": h.title,
                "commune": h.commune,
                "issue_date": h.issue_date.isoformat() if h.issue_date else None,
                "date_text": h.date_text,
                "legal_bases": list(h.legal_bases),
            }
        return {
            "header": header,
            "indicator_groups": [
                {"label": g.label, "title": g.title} for g in self.indicator_groups
            ],
            "indicators": [
                {
                    "code": i.code,
                    "group": i.group,
                    "name": i.name,
                    "unit": i.unit,
                    "targets": dict(i.targets),
                    "lead": i.lead,
                    "cooperating": i.cooperating,
                }
                for i in self.indicators
            ],
            "task_groups": [{"label": g.label, "title": g.title} for g in self.task_groups],
            "tasks": [
                {
                    "number": t.number,
                    "group": t.group,
                    "name": t.name,
                    "lead": t.lead,
                    "cooperating": t.cooperating,
                    "result": t.result,
                    "deadline": t.deadline,
                }
                for t in self.tasks
            ],
            "warnings": [
                {"sheet": w.sheet, "row": w.row, "message": w.message} for w in self.warnings
            ],
        }


@dataclass(frozen=True)
class ColumnMapping:
    """The officer's answer to :class:`HeaderNotRecognised` for one table.

    ``columns`` maps a field name (``FIELD_*`` or ``"target:<year>"``) to a
    0-based column index.  ``header_row`` is the 0-based row (in the preview's
    coordinates) of the first header row, the one the signature was computed
    from; ``header_rows`` is how many rows the header occupies (data starts
    after them).  Pass mappings keyed by signature to :func:`read_plan_file`:
    a table whose header row has that signature (searched near the top, so the
    same header a few rows lower still matches) is read with the mapping.
    """

    kind: TableKind
    columns: dict[str, int]
    header_row: int
    header_rows: int = 1


@dataclass(frozen=True)
class UnrecognisedTable:
    """One table whose header words were not understood."""

    source: str
    """Sheet name (Excel) or "Bảng N" (Word)."""
    index: int
    """0-based position of the sheet / table in the file."""
    preview: tuple[tuple[str, ...], ...]
    """The first rows of cell text (row 0 is the table's first row)."""
    header_row: int
    """0-based row that looks most like a header; the signature is computed from it."""
    signature: str
    """Stable key to remember the officer's mapping for files with the same header."""


class HeaderNotRecognised(ImportFormatError):
    """The header row of one or more tables could not be recognised."""

    def __init__(self, message: str, tables: tuple[UnrecognisedTable, ...] = ()) -> None:
        super().__init__(message)
        self.tables = tables
