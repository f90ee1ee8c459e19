"""Excel workbooks (.xlsx) → grids of displayed cell text.

The workbook is opened read-only (streaming, bounded memory: a sheet of
100,000 rows is fine) with cached formula results.  Read-only worksheets do
not expose merged ranges, which group rows and two-row headers need, so the
``<mergeCell ref="…"/>`` elements are taken from the sheet's XML part with a
streaming byte scan (openpyxl has already parsed that part through defusedxml).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import range_boundaries

from app.importing.grid import Grid, Merge
from app.importing.numfmt import display_text
from app.vntext import clean_cell

MAX_COLUMNS = 60
"""Columns read per sheet; appendix tables have fewer than a dozen."""
MAX_ROWS = 200_000
MAX_BLANK_RUN = 2_000
"""Stop reading a sheet after this many consecutive blank rows."""

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


class TooManyRowsError(Exception):
    """A sheet has more rows than an appendix table can have."""


def _merged_ranges(path: Path, part: str | None) -> list[Merge]:
    if not part:
        return []
    name = part.lstrip("/")
    merges: list[Merge] = []
    with zipfile.ZipFile(path) as zf:
        try:
            stream = zf.open(name)
        except KeyError:
            return []
        with stream:
            tail = b""
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                data = tail + chunk
                last_end = 0
                for m in _MERGE.finditer(data):
                    min_col, min_row, max_col, max_row = range_boundaries(m.group(1).decode())
                    if None in (min_col, min_row, max_col, max_row):
                        continue
                    assert min_col is not None and min_row is not None
                    assert max_col is not None and max_row is not None
                    merges.append((min_row - 1, min_col - 1, max_row - 1, max_col - 1))
                    last_end = m.end()
                keep = data[last_end:]
                tail = keep[-300:]
    return merges


def _cell_text(cell: object) -> str:
    """The displayed, cleaned text of a cell (blank and text cells take the short way)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_cell(value)
    return clean_cell(display_text(value, getattr(cell, "number_format", None)))


def read_xlsx_grids(path: Path) -> list[Grid]:
    """One grid per worksheet, in workbook order (chart sheets skipped)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        grids: list[Grid] = []
        for index, ws in enumerate(wb.worksheets):
            rows: list[list[str]] = []
            blank_run = 0
            for raw in ws.iter_rows(min_row=1, max_col=MAX_COLUMNS):
                cells = [_cell_text(cell) for cell in raw]
                if any(cells):
                    blank_run = 0
                else:
                    blank_run += 1
                    if blank_run > MAX_BLANK_RUN:
                        break
                rows.append(cells)
                if len(rows) > MAX_ROWS:
                    raise TooManyRowsError(ws.title)
            while rows and not any(rows[-1]):
                rows.pop()
            width = max(
                (max((i + 1 for i, t in enumerate(r) if t), default=0) for r in rows), default=0
            )
            rows = [r[:width] for r in rows]
            part = getattr(ws, "_worksheet_path", None)
            merges = [
                m
                for m in _merged_ranges(path, part if isinstance(part, str) else None)
                if m[0] < len(rows) and m[1] < width
            ]
            grids.append(
                Grid(
                    name=ws.title,
                    index=index,
                    rows=rows,
                    row_numbers=list(range(1, len(rows) + 1)),
                    merges=merges,
                )
            )
        return grids
    finally:
        wb.close()


ORIGIN_PREFIX = "kh57-plan:"
"""The workbook identifier KH57 writes on export, followed by the plan's source file."""
_IDENTIFIER = "{http://purl.org/dc/elements/1.1/}identifier"


def read_origin(path: Path) -> str | None:
    """The source file named by a KH57-exported workbook's identifier; None otherwise."""
    from defusedxml.ElementTree import fromstring

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > 1 << 20:
                return None
            root = fromstring(zf.read(info))
    except Exception:  # no properties part, or a damaged one: not a KH57 export
        return None
    found = root.find(_IDENTIFIER)
    text = (found.text or "") if found is not None else ""
    if not text.startswith(ORIGIN_PREFIX):
        return None
    return clean_cell(text[len(ORIGIN_PREFIX) :]) or None
