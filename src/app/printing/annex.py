"""Appendices: landscape pages with a label, a title, the attachment line and a table.

Tables repeat their header rows on every page (``repeatRows``), never split a
row (ReportLab moves a row that does not fit to the next page), keep each group
row with the row after it (``NOSPLIT``) and wrap the text of every cell.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from app.errors import ExportError
from app.printing import layout as L
from app.printing.document import Appendix, Row, Table
from app.printing.pages import ANNEX_FIRST
from app.printing.styles import Styles, markup, upper

CELL_PADDING_X = 4.0
CELL_PADDING_TOP = 2.5
CELL_PADDING_BOTTOM = 3.5


def _header_rows(table: Table, s: Styles) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    style = s.cell(table.font_size, "center", bold=True)
    data: list[list[Any]] = []
    cmds: list[tuple[Any, ...]] = []
    for r, hrow in enumerate(table.header_grid()):
        line: list[Any] = []
        for c, spec in enumerate(hrow):
            if spec is None:
                line.append("")
                continue
            text, cs, rs = spec
            line.append(RLParagraph(markup(text), style))
            if cs > 1 or rs > 1:
                cmds.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
        data.append(line)
    return data, cmds


def _body_row(row: Row, r: int, table: Table, s: Styles) -> tuple[list[Any], list[tuple[Any, ...]]]:
    ncols = len(table.columns)
    cells = [(str(row.cells[c]) if c < len(row.cells) else "") for c in range(ncols)]
    line: list[Any] = [
        RLParagraph(markup(v), s.cell(table.font_size, col.align, bold=row.is_group))
        if v.strip()
        else ""
        for v, col in zip(cells, table.columns, strict=True)
    ]
    cmds: list[tuple[Any, ...]] = []
    if row.is_group:
        filled = [c for c, v in enumerate(cells) if v.strip()]
        if filled and filled[-1] < ncols - 1:
            cmds.append(("SPAN", (filled[-1], r), (ncols - 1, r)))
    return line, cmds


def annex_table(table: Table, s: Styles) -> RLTable:
    """The ReportLab table of an appendix, as wide as the landscape text column."""
    if not table.columns:
        raise ExportError("Bảng phụ lục không có cột nào; hãy kiểm tra lại dữ liệu của bảng.")
    data, cmds = _header_rows(table, s)
    nhead = len(data)
    for k, row in enumerate(table.rows):
        r = nhead + k
        line, extra = _body_row(row, r, table, s)
        data.append(line)
        cmds += extra
        if row.is_group and k + 1 < len(table.rows):
            cmds.append(("NOSPLIT", (0, r), (-1, r + 1)))
    cmds += [
        ("FONTNAME", (0, 0), (-1, -1), s.f.regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_BOTTOM),
    ]
    widths = [w * mm for w in L.column_widths_mm(table, L.frame_width(True))]
    t = RLTable(data, colWidths=widths, repeatRows=nhead, hAlign="CENTER")
    t.setStyle(cmds)
    return t


def appendix(app: Appendix, s: Styles) -> list[Flowable]:
    """Flowables of one appendix, starting a new landscape section."""
    out: list[Flowable] = [
        NextPageTemplate(ANNEX_FIRST),
        PageBreak(),
        RLParagraph(markup(app.label), s.annex_label),
        RLParagraph(markup(upper(app.title)), s.annex_title),
    ]
    if app.subtitle.strip():
        out.append(RLParagraph(markup(app.subtitle, keep_blanks=True), s.annex_subtitle))
    out += [Spacer(1, 10), annex_table(app.table, s)]
    if app.note.strip():
        out.append(RLParagraph(markup(app.note), s.annex_note))
    return out
