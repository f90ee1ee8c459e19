"""Standard indicators: linking a plan's indicators to the catalogue, adding communes up.

Commune side: the import links each indicator to a catalogue entry by its name
(``app.catalogue.match_indicator``); :func:`set_catalogue_code` lets the officer
change the link (or say "not a standard indicator"), and that choice is kept
by later re-imports. The code travels in data.json (``catalogue_code``).

Receiving office: :func:`consolidated_indicators` reads the bundles in the
inbox for one period, the current revision of each commune's plan (a
superseded revision is never counted), and lays the standard indicators out
as rows with one column per commune. Bundles made before catalogue codes
existed carry no ``catalogue_code``; their indicators are matched by name
here. An indicator whose ``catalogue_code`` is null was judged not standard
by its commune and is left out.

Decisions
---------
* A column is a commune (province + name). When a commune sent several plans
  for the period, an indicator code found in more than one keeps the figure
  of the most recently packed bundle.
* "Chưa có số liệu" counts every commune that is neither "Đạt" nor "Chưa
  đạt" for the indicator: no figure entered, a figure that cannot be judged,
  or an indicator its plan does not have (the cell says which).
* The average is the mean of the numeric actual values of the communes whose
  own unit is a percentage, and only for catalogue entries measured in %.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.catalogue import CatalogueEntry, catalogue_entry, load_catalogue, match_indicator
from app.db import Database
from app.errors import AppError, NotFoundError, ValidationError
from app.models import Indicator
from app.models.submission import InboxBundle
from app.periods import period_from_key
from app.safe_write import exporting
from app.services import Changes

log = logging.getLogger(__name__)

REACHED, NOT_REACHED = "Đạt", "Chưa đạt"

# ------------------------------------------------------------------ commune side


def catalogue_options() -> list[tuple[str, str]]:
    """(code, name) of every catalogue entry, for a picker."""
    return [(e.code, e.name) for e in load_catalogue().entries]


def set_catalogue_code(db: Database, indicator_id: int, code: str | None) -> Changes:
    """Link an indicator to catalogue entry *code* (None: not a standard indicator).

    The officer's choice; a later re-import of the plan keeps it.
    """
    code = (code or "").strip() or None
    if code is not None and catalogue_entry(code) is None:
        raise ValidationError(
            f"Mã “{code}” không có trong danh mục chỉ tiêu dùng chung; hãy chọn một mã trong "
            "danh sách.",
            field="catalogue_code",
        )
    with db.begin() as s:
        ind = s.get(Indicator, indicator_id)
        if ind is None:
            raise NotFoundError("Chỉ tiêu này không còn trong kế hoạch; hãy tải lại danh sách.")
        ind.catalogue_code = code
        ind.catalogue_manual = True
    return Changes(indicators=True, reports=True)


def reset_catalogue_code(db: Database, indicator_id: int) -> Changes:
    """Forget the officer's choice: link the indicator by its name again."""
    with db.begin() as s:
        ind = s.get(Indicator, indicator_id)
        if ind is None:
            raise NotFoundError("Chỉ tiêu này không còn trong kế hoạch; hãy tải lại danh sách.")
        entry = match_indicator(ind.name)
        ind.catalogue_code = entry.code if entry else None
        ind.catalogue_manual = False
    return Changes(indicators=True, reports=True)


# ------------------------------------------------------------------ receiving office


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
            "rows": [
                {
                    "catalogue_code": r.code,
                    "name": r.name,
                    "unit": r.unit,
                    "values": [
                        None
                        if c is None
                        else {
                            "code": c.number,
                            "actual_text": c.actual_text,
                            "actual_value": c.actual_value,
                            "attainment": c.attainment,
                        }
                        for c in r.cells
                    ],
                    "reached": r.reached,
                    "not_reached": r.not_reached,
                    "no_data": r.no_data,
                    "average": r.average,
                }
                for r in self.rows
            ],
        }


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


def _current_bundles(db: Database, period_key: str) -> list[_Bundle]:
    """The current revision of each (province, commune, plan) for the period."""
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
    best: dict[tuple[str, str, str], _Bundle] = {}
    for r in rows:
        b = _Bundle(
            r.id,
            r.commune,
            r.province,
            r.plan_number,
            r.revision,
            r.packed_at,
            r.superseded_by_id is not None,
            r.data,
        )
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
        no_data=len(cells) - reached - not_reached,
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


# ------------------------------------------------------------------ Excel


def cell_text(cell: ConsolidatedCell | None) -> str:
    """What a commune's cell shows: the figure as typed, "—" without one."""
    if cell is None:
        return "Không có trong KH"
    return cell.actual_text or "—"


def average_text(row: ConsolidatedRow) -> str:
    """The average as Vietnamese write it: "72,5%", "80%"."""
    if row.average is None:
        return ""
    value = round(row.average, 1)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return text + "%"


def write_consolidated_xlsx(table: ConsolidatedTable, out: Path) -> Path:
    """The table as a workbook (every text cell formula-safe), written atomically to *out*."""

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    from app.printing.xlsx_export import set_text

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tong hop chi tieu"
    font, bold = Font(name="Times New Roman", size=12), Font(name="Times New Roman", bold=True)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    n = len(table.communes)
    totals = ("Đạt", "Chưa đạt", "Chưa có số liệu", "Bình quân")
    last = 3 + 2 * n + len(totals)

    set_text(ws.cell(row=1, column=1), "BẢNG TỔNG HỢP CÁC CHỈ TIÊU DÙNG CHUNG CỦA CÁC XÃ")
    set_text(ws.cell(row=2, column=1), f"Kỳ báo cáo: {table.period_label}")
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        ws.cell(row=r, column=1).font = Font(name="Times New Roman", size=13, bold=True)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")

    head, sub = 4, 5
    for c, text in enumerate(("Mã", "Chỉ tiêu", "Đơn vị"), start=1):
        set_text(ws.cell(row=head, column=c), text)
        ws.merge_cells(start_row=head, start_column=c, end_row=sub, end_column=c)
    for k, commune in enumerate(table.communes):
        c = 4 + 2 * k
        set_text(ws.cell(row=head, column=c), commune.label)
        ws.merge_cells(start_row=head, start_column=c, end_row=head, end_column=c + 1)
        set_text(ws.cell(row=sub, column=c), "Kết quả")
        set_text(ws.cell(row=sub, column=c + 1), "Đánh giá")
    for k, text in enumerate(totals):
        c = 4 + 2 * n + k
        set_text(ws.cell(row=head, column=c), text)
        ws.merge_cells(start_row=head, start_column=c, end_row=sub, end_column=c)
    for r in (head, sub):
        for c in range(1, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border = bold, centre, border

    for k, row in enumerate(table.rows):
        r = sub + 1 + k
        values: list[object] = [row.code, row.name, row.unit]
        for figure in row.cells:
            values += [cell_text(figure), figure.attainment if figure else ""]
        values += [row.reached, row.not_reached, row.no_data, row.average]
        for c, value in enumerate(values, start=1):
            target = ws.cell(row=r, column=c)
            if isinstance(value, int | float):
                target.value = round(value, 2) if isinstance(value, float) else value
                if isinstance(value, float):
                    target.number_format = "0.0"
            else:
                set_text(target, value)
            target.font, target.border = font, border
            target.alignment = wrap if c == 2 else centre

    widths = [9.0, 55.0, 9.0] + [12.0, 10.0] * n + [7.0, 9.0, 11.0, 11.0]
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = f"D{sub + 1}"
    ws.print_title_rows = f"{head}:{sub}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    with exporting(out) as temp:
        wb.save(temp)
    return out
