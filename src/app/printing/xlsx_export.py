"""Excel twin of the annex tables: same columns and rows, formula-safe text.

Every cell is written as text. A string that Excel could take for a formula or
a command (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is
stored as a string cell with the quote prefix set, so Excel shows it as typed
and never evaluates it, not even after the officer edits the cell.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.printing.document import Table
from app.printing.layout import column_widths_mm, frame_width
from app.safe_write import exporting

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
#: Excel column width unit ≈ the width of one digit of the default font (≈ 1.9 mm).
_MM_PER_CHAR = 1.9


def is_formula_like(text: str) -> bool:
    """True when Excel could read *text* as a formula or command."""
    return text.startswith(_FORMULA_START)


def set_text(cell: Cell | MergedCell, value: object) -> None:
    """Write *value* as text; formula-like strings are quoted, never formulas."""
    text = "" if value is None else unicodedata.normalize("NFC", str(value))
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text:
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def _sheet_title(name: str, used: set[str]) -> str:
    name = ILLEGAL_CHARACTERS_RE.sub("", name)
    base = " ".join(_SHEET_BAD.sub(" ", name).split()).strip("' ") or "Bang"
    base = base[:31]
    title, k = base, 2
    while title.lower() in used:
        suffix = f" ({k})"
        title = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(title.lower())
    return title


def _write_table(ws: Worksheet, table: Table) -> None:
    ncols = len(table.columns)
    grid = table.header_grid()
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    head_font = Font(name=_FONT, size=12, bold=True)
    body_font = Font(name=_FONT, size=12)
    bold_font = Font(name=_FONT, size=12, bold=True)

    for r, hrow in enumerate(grid, start=1):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = head_font
            cell.alignment = wrap_center
            cell.border = _BORDER
        for c, spec in enumerate(hrow, start=1):
            if spec is None:
                continue
            text, cs, rs = spec
            set_text(ws.cell(row=r, column=c), text)
            if cs > 1 or rs > 1:
                ws.merge_cells(
                    start_row=r, start_column=c, end_row=r + rs - 1, end_column=c + cs - 1
                )

    aligns = [
        Alignment(
            horizontal=col.align if col.align != "left" else "left",
            vertical="center",
            wrap_text=True,
        )
        for col in table.columns
    ]
    first = len(grid) + 1
    for k, row in enumerate(table.rows):
        r = first + k
        cells = [(row.cells[c] if c < len(row.cells) else "") for c in range(ncols)]
        for c, value in enumerate(cells, start=1):
            cell = ws.cell(row=r, column=c)
            set_text(cell, value)
            cell.font = bold_font if row.is_group else body_font
            cell.alignment = aligns[c - 1]
            cell.border = _BORDER
        if row.is_group:
            filled = [c for c, v in enumerate(cells, start=1) if str(v).strip()]
            if filled and filled[-1] < ncols:
                ws.merge_cells(start_row=r, start_column=filled[-1], end_row=r, end_column=ncols)

    for c, width in enumerate(column_widths_mm(table, frame_width(True)), start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(4.0, round(width / _MM_PER_CHAR, 1))

    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"1:{len(grid)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def write_tables_xlsx(tables: list[tuple[str, Table]], out: Path) -> None:
    """Write each (sheet name, table) to its own sheet of a new workbook at *out*."""
    wb = Workbook()
    default = wb.active
    used: set[str] = set()
    for name, table in tables:
        ws = wb.create_sheet(_sheet_title(name, used))
        _write_table(ws, table)
    if tables and default is not None:
        wb.remove(default)
    with exporting(out) as temp:
        wb.save(temp)
