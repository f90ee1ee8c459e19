"""The consolidated table as an Excel workbook, and the texts its cells show."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.safe_write import exporting
from app.services.consolidation.table import ConsolidatedCell, ConsolidatedRow, ConsolidatedTable

if TYPE_CHECKING:
    from openpyxl.styles import Border
    from openpyxl.worksheet.worksheet import Worksheet

TOTALS = ("Đạt", "Chưa đạt", "Chưa có số liệu", "Bình quân")
HEAD, SUB = 4, 5  #: the two heading rows


def cell_text(cell: ConsolidatedCell | None) -> str:
    """What a commune's cell shows: the figure as typed, "—" without one, and
    nothing when the commune's plan does not have the indicator (not applicable)."""
    if cell is None:
        return ""
    return cell.actual_text or "—"


def average_text(row: ConsolidatedRow) -> str:
    """The average as Vietnamese write it: "72,5%", "80%"."""
    if row.average is None:
        return ""
    value = round(row.average, 1)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return text + "%"


def _border() -> Border:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="000000")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _write_title(ws: Worksheet, table: ConsolidatedTable, last: int) -> None:
    from openpyxl.styles import Alignment, Font

    from app.printing.xlsx_export import set_text

    set_text(ws.cell(row=1, column=1), "BẢNG TỔNG HỢP CÁC CHỈ TIÊU DÙNG CHUNG CỦA CÁC XÃ")
    set_text(ws.cell(row=2, column=1), f"Kỳ báo cáo: {table.period_label}")
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        ws.cell(row=r, column=1).font = Font(name="Times New Roman", size=13, bold=True)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")


def _write_headings(ws: Worksheet, table: ConsolidatedTable, last: int) -> None:
    from openpyxl.styles import Alignment, Font

    from app.printing.xlsx_export import set_text

    n = len(table.communes)
    for c, text in enumerate(("Mã", "Chỉ tiêu", "Đơn vị"), start=1):
        set_text(ws.cell(row=HEAD, column=c), text)
        ws.merge_cells(start_row=HEAD, start_column=c, end_row=SUB, end_column=c)
    for k, commune in enumerate(table.communes):
        c = 4 + 2 * k
        set_text(ws.cell(row=HEAD, column=c), commune.label)
        ws.merge_cells(start_row=HEAD, start_column=c, end_row=HEAD, end_column=c + 1)
        set_text(ws.cell(row=SUB, column=c), "Kết quả")
        set_text(ws.cell(row=SUB, column=c + 1), "Đánh giá")
    for k, text in enumerate(TOTALS):
        c = 4 + 2 * n + k
        set_text(ws.cell(row=HEAD, column=c), text)
        ws.merge_cells(start_row=HEAD, start_column=c, end_row=SUB, end_column=c)
    bold, border = Font(name="Times New Roman", bold=True), _border()
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in (HEAD, SUB):
        for c in range(1, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border = bold, centre, border


def _row_values(row: ConsolidatedRow) -> list[object]:
    values: list[object] = [row.code, row.name, row.unit]
    for figure in row.cells:
        values += [cell_text(figure), figure.attainment if figure else ""]
    values += [row.reached, row.not_reached, row.no_data, row.average]
    return values


def _write_rows(ws: Worksheet, table: ConsolidatedTable) -> None:
    from openpyxl.styles import Alignment, Font

    from app.printing.xlsx_export import set_text

    font, border = Font(name="Times New Roman", size=12), _border()
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    for k, row in enumerate(table.rows):
        r = SUB + 1 + k
        for c, value in enumerate(_row_values(row), start=1):
            target = ws.cell(row=r, column=c)
            if isinstance(value, int | float):
                target.value = round(value, 2) if isinstance(value, float) else value
                if isinstance(value, float):
                    target.number_format = "0.0"
            else:
                set_text(target, value)
            target.font, target.border = font, border
            target.alignment = wrap if c == 2 else centre


def _set_layout(ws: Worksheet, n: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    widths = [9.0, 55.0, 9.0] + [12.0, 10.0] * n + [7.0, 9.0, 11.0, 11.0]
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = f"D{SUB + 1}"
    ws.print_title_rows = f"{HEAD}:{SUB}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def write_consolidated_xlsx(table: ConsolidatedTable, out: Path) -> Path:
    """The table as a workbook (every text cell formula-safe), written atomically to *out*."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tong hop chi tieu"
    last = 3 + 2 * len(table.communes) + len(TOTALS)
    _write_title(ws, table, last)
    _write_headings(ws, table, last)
    _write_rows(ws, table)
    _set_layout(ws, len(table.communes))
    with exporting(out) as temp:
        wb.save(temp)
    return out
