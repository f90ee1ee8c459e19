"""Excel twin of the annex tables: same columns and rows, never a formula."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import ExportError
from app.printing import Column, HeaderCell, Row, Table, write_tables_xlsx
from test_printing_samples import load, progress_table

DANGEROUS = [
    "=1+1",
    "+84 912 345 678",
    "-5",
    "@SUM(A1:A2)",
    "\tTab đầu dòng",
    "\rCR đầu dòng",
    '=HYPERLINK("http://example.com","bấm")',
    "=cmd|' /C calc'!A0",
    "- Như trên;",
]


def _indicators() -> Table:
    return Table(
        columns=[
            Column(title="TT", width_mm=12, align="center"),
            Column(title="Chỉ tiêu", weight=4),
            Column(title="2025", width_mm=22, align="center"),
            Column(title="2030", width_mm=22, align="center"),
        ],
        header_rows=[
            [
                HeaderCell(text="TT", rowspan=2),
                HeaderCell(text="Chỉ tiêu", rowspan=2),
                HeaderCell(text="Mục tiêu", colspan=2),
            ],
            [HeaderCell(text="2025"), HeaderCell(text="2030")],
        ],
        rows=[
            Row(cells=["I", "PHÁT TRIỂN HẠ TẦNG"], is_group=True),
            *[Row(cells=[str(k + 1), text, "≥ 80", "100%"]) for k, text in enumerate(DANGEROUS)],
        ],
    )


def test_no_cell_is_ever_a_formula(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.xlsx"
    write_tables_xlsx([("Chỉ tiêu", _indicators())], out)
    wb = load_workbook(out)
    ws = wb["Chỉ tiêu"]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    names = [ws.cell(row=r, column=2).value for r in range(4, 4 + len(DANGEROUS))]
    assert names == DANGEROUS
    for r in range(4, 4 + len(DANGEROUS)):
        assert ws.cell(row=r, column=2).quotePrefix, r
    assert not ws.cell(row=4, column=3).quotePrefix  # "≥ 80" is harmless


def test_same_columns_rows_and_styles(tmp_path: Path) -> None:
    out = tmp_path / "bang.xlsx"
    table = progress_table(load("thanh-mien"))
    write_tables_xlsx([("Phụ lục I: tiến độ/nhiệm vụ", table), ("Chỉ tiêu", _indicators())], out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Phụ lục I tiến độ nhiệm vụ", "Chỉ tiêu"]
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == [c.title for c in table.columns]
    assert all(c.font.b for c in ws[1])
    assert ws.max_row == 1 + len(table.rows)
    for k, row in enumerate(table.rows, start=2):
        values = [ws.cell(row=k, column=c + 1).value or "" for c in range(len(table.columns))]
        assert values == [*row.cells, *[""] * (len(table.columns) - len(row.cells))]
        assert ws.cell(row=k, column=2).font.b == row.is_group
        assert ws.cell(row=k, column=2).alignment.wrap_text
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    assert ws.print_title_rows == "$1:$1"
    ws2 = wb.worksheets[1]
    merged = {str(r) for r in ws2.merged_cells.ranges}
    assert {"A1:A2", "B1:B2", "C1:D1", "B3:D3"} <= merged
    assert ws2["C1"].value == "Mục tiêu" and ws2["C2"].value == "2025"


def test_unwritable_target(tmp_path: Path) -> None:
    target = tmp_path / "dir.xlsx"
    target.mkdir()
    with pytest.raises(ExportError):
        write_tables_xlsx([("A", _indicators())], target)
    assert not list(tmp_path.glob(".kh57-*"))
