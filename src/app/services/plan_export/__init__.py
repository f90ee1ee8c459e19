"""Export a plan's appendices as an Excel workbook in the layout offices use.

One sheet per appendix that has rows: "Phụ lục I - Chỉ tiêu" (TT, Tên chỉ
tiêu, Đơn vị tính, one "Năm …" column per milestone year under a merged
"Mục tiêu" header, Đơn vị chủ trì, Đơn vị phối hợp) and "Phụ lục II - Nhiệm
vụ" (TT, Tên nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Kết quả/sản phẩm,
Thời gian hoàn thành). Above each table: "PHỤ LỤC I", the appendix title in
capitals and the "(Kèm theo Kế hoạch số …)" line, worded as in the printed
plan. Group rows carry the label with the title merged across; borders,
wrapped Times New Roman, print titles, landscape A4.

The workbook reads back through :mod:`app.importing` to the same content.
Every cell is text written by :func:`app.printing.xlsx_export.set_text`
(numbering "1.10" stays "1.10"; "=…", "+…", "-…", "@…" never become formulas;
control characters Excel forbids are dropped). The file is written through a
temporary file and renamed, so it is complete or absent. openpyxl is imported
inside the functions (start-up speed).
"""

from __future__ import annotations

from app.services.plan_export.export import (
    _target_path,
    _workbook_bytes,
    export_plan,
    export_plan_xlsx,
)
from app.services.plan_export.load import _headings, _load, _ordered_rows, _sheets
from app.services.plan_export.model import (
    _LINE_PT,
    BODY_SIZE,
    FONT_NAME,
    INDICATOR_SHEET,
    TASK_SHEET,
    TITLE_ROWS,
    TITLE_SIZE,
    PlanExport,
    _Column,
    _Group,
    _Item,
    _Loaded,
    _Sheet,
)
from app.services.plan_export.sheet import _lines, _write_sheet

__all__ = [
    "BODY_SIZE",
    "FONT_NAME",
    "INDICATOR_SHEET",
    "TASK_SHEET",
    "TITLE_ROWS",
    "TITLE_SIZE",
    "_LINE_PT",
    "PlanExport",
    "_Column",
    "_Group",
    "_Item",
    "_Loaded",
    "_Sheet",
    "_headings",
    "_lines",
    "_load",
    "_ordered_rows",
    "_sheets",
    "_target_path",
    "_workbook_bytes",
    "_write_sheet",
    "export_plan",
    "export_plan_xlsx",
]
