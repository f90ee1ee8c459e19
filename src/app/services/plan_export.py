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

import io
import math
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db import Database
from app.errors import ExportError, NotFoundError
from app.models import Indicator, IndicatorGroup, Plan, Task, TaskGroup

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Times New Roman"
BODY_SIZE = 12
TITLE_SIZE = 13
#: Rows above the header: "PHỤ LỤC I", the title, "(Kèm theo …)", one blank row.
TITLE_ROWS = 4
INDICATOR_SHEET = "Chỉ tiêu"
TASK_SHEET = "Nhiệm vụ"
#: Line height in points for one line of 12 pt (13 pt) Times New Roman.
_LINE_PT = {BODY_SIZE: 15.75, TITLE_SIZE: 17.0}


# ------------------------------------------------------------------ data


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


def _load(db: Database, plan_id: int) -> _Loaded:
    with db.read() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(
                f"Không có kế hoạch số hiệu {plan_id} trong dữ liệu; "
                "hãy xem danh sách bằng lệnh kh57 plans."
            )
        task_groups = tuple(
            _Group(g.id, g.label, g.title)
            for g in s.scalars(
                select(TaskGroup).where(TaskGroup.plan_id == plan_id).order_by(TaskGroup.position)
            )
        )
        tasks = tuple(
            _Item(
                t.group_id,
                (t.number, t.name, t.lead_text, t.cooperating_text, t.result_text, t.deadline_text),
            )
            for t in s.scalars(
                select(Task).where(Task.plan_id == plan_id).order_by(Task.position, Task.id)
            )
        )
        indicator_groups = tuple(
            _Group(g.id, g.label, g.title)
            for g in s.scalars(
                select(IndicatorGroup)
                .where(IndicatorGroup.plan_id == plan_id)
                .order_by(IndicatorGroup.position)
            )
        )
        inds = list(
            s.scalars(
                select(Indicator)
                .where(Indicator.plan_id == plan_id)
                .order_by(Indicator.position, Indicator.id)
                .options(selectinload(Indicator.targets))
            )
        )
        years = tuple(sorted({t.year for i in inds for t in i.targets}))
        indicators = []
        for i in inds:
            by_year = {t.year: t.text for t in i.targets}
            indicators.append(
                _Item(
                    i.group_id,
                    (
                        i.code,
                        i.name,
                        i.unit_of_measure,
                        *(by_year.get(y, "") for y in years),
                        i.lead_text,
                        i.cooperating_text,
                    ),
                )
            )
        return _Loaded(task_groups, tasks, indicator_groups, tuple(indicators), years)


def _headings(db: Database, plan_id: int, data: _Loaded) -> dict[str, tuple[str, str, str]]:
    """(label, title, subtitle) per appendix, worded exactly as in the printed plan.

    The printed plan has the indicator appendix first (when there are
    indicators), then the task appendix, numbered I, II.
    """
    from app.services.documents import plan_document

    appendices = list(plan_document(db, plan_id).appendices)
    keys = [k for k, rows in (("indicators", data.indicators), ("tasks", data.tasks)) if rows]
    if len(appendices) != len(keys):  # never expected: fall back to plain wording
        words = {"indicators": "Các chỉ tiêu", "tasks": "Các nhiệm vụ"}
        return {key: (f"Phụ lục {'I' * (k + 1)}", words[key], "") for k, key in enumerate(keys)}
    return {key: (a.label, a.title, a.subtitle) for key, a in zip(keys, appendices, strict=True)}


def _sheets(db: Database, plan_id: int) -> tuple[list[_Sheet], _Loaded]:
    data = _load(db, plan_id)
    heads = _headings(db, plan_id, data) if data.tasks or data.indicators else {}
    sheets: list[_Sheet] = []
    if data.indicators:
        label, title, subtitle = heads["indicators"]
        sheets.append(
            _Sheet(
                label=label,
                name=INDICATOR_SHEET,
                title=title,
                subtitle=subtitle,
                columns=(
                    _Column("TT", 7, "center"),
                    _Column("Tên chỉ tiêu", 50 if len(data.years) > 1 else 56, "left"),
                    _Column("Đơn vị tính", 12, "center"),
                    *(_Column(f"Năm {y}", 12, "center") for y in data.years),
                    _Column("Đơn vị chủ trì", 22, "left"),
                    _Column("Đơn vị phối hợp", 22, "left"),
                ),
                years=data.years,
                groups=data.indicator_groups,
                items=data.indicators,
            )
        )
    if data.tasks:
        label, title, subtitle = heads["tasks"]
        sheets.append(
            _Sheet(
                label=label,
                name=TASK_SHEET,
                title=title,
                subtitle=subtitle,
                columns=(
                    _Column("TT", 7, "center"),
                    _Column("Tên nhiệm vụ", 50, "left"),
                    _Column("Đơn vị chủ trì", 22, "left"),
                    _Column("Đơn vị phối hợp", 22, "left"),
                    _Column("Kết quả/sản phẩm", 24, "left"),
                    _Column("Thời gian hoàn thành", 15, "center"),
                ),
                years=(),
                groups=data.task_groups,
                items=data.tasks,
            )
        )
    return sheets, data


def _ordered_rows(sheet: _Sheet) -> list[_Group | _Item]:
    """Items in order with a group row where the group changes.

    Groups without items are kept, at their place in the group order, so that
    re-importing the workbook gives the same groups.
    """
    order = {g.id: k for k, g in enumerate(sheet.groups)}
    used = {i.group_id for i in sheet.items}
    emitted: set[int] = set()
    out: list[_Group | _Item] = []

    def empty_groups_before(limit: int) -> None:
        for g in sheet.groups[:limit]:
            if g.id not in used and g.id not in emitted:
                out.append(g)
                emitted.add(g.id)

    current: int | None = None
    for item in sheet.items:
        gid = item.group_id
        if gid is not None and gid != current and gid in order:
            empty_groups_before(order[gid])
            out.append(sheet.groups[order[gid]])
            emitted.add(gid)
        current = gid
        out.append(item)
    empty_groups_before(len(sheet.groups))
    return out


# ------------------------------------------------------------------ writing


def _lines(text: str, width_chars: float) -> int:
    """Estimated lines of *text* wrapped in a (merged) cell *width_chars* wide."""
    per_line = max(1.0, width_chars * 1.1)
    return max(1, sum(math.ceil(max(1, len(part)) / per_line) for part in text.split("\n")))


def _write_sheet(ws: Worksheet, sheet: _Sheet) -> None:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    from app.printing.xlsx_export import set_text

    ncols = len(sheet.columns)
    last = get_column_letter(ncols)
    total_width = sum(c.width for c in sheet.columns)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    body_font = Font(name=FONT_NAME, size=BODY_SIZE)
    bold_font = Font(name=FONT_NAME, size=BODY_SIZE, bold=True)

    # -- title rows ---------------------------------------------------------------
    titles = (
        (sheet.label.upper(), Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)),
        (sheet.title.upper(), Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)),
        (sheet.subtitle, Font(name=FONT_NAME, size=TITLE_SIZE, italic=True)),
    )
    for r, (text, font) in enumerate(titles, start=1):
        cell = ws.cell(row=r, column=1)
        set_text(cell, text)
        cell.font = font
        cell.alignment = center
        ws.merge_cells(f"A{r}:{last}{r}")
        # bold capitals at 13 pt take more room than body text
        ws.row_dimensions[r].height = _lines(text, total_width * 0.75) * _LINE_PT[TITLE_SIZE]

    # -- header: one row, or two with "Mục tiêu" over the year columns -----------
    head = TITLE_ROWS + 1
    two_rows = bool(sheet.years)
    head_rows = 2 if two_rows else 1
    first_year_col = 4  # TT, Tên chỉ tiêu, Đơn vị tính, then the years
    for c, col in enumerate(sheet.columns, start=1):
        for r in range(head, head + head_rows):
            cell = ws.cell(row=r, column=c)
            cell.font = bold_font
            cell.alignment = center
            cell.border = border
        is_year = two_rows and first_year_col <= c < first_year_col + len(sheet.years)
        if is_year:
            set_text(ws.cell(row=head + 1, column=c), col.title)
        else:
            set_text(ws.cell(row=head, column=c), col.title)
            if two_rows:
                ws.merge_cells(start_row=head, start_column=c, end_row=head + 1, end_column=c)
        ws.column_dimensions[get_column_letter(c)].width = col.width
    if two_rows:
        set_text(ws.cell(row=head, column=first_year_col), "Mục tiêu")
        end = first_year_col + len(sheet.years) - 1
        if end > first_year_col:
            ws.merge_cells(
                start_row=head, start_column=first_year_col, end_row=head, end_column=end
            )

    # -- body -------------------------------------------------------------------------
    # Styling a cell through openpyxl's descriptors hashes every style object; the
    # body has only four distinct styles, so each is made once and its style
    # array copied (5,000 tasks: 2.5 s → well under a second).
    stamps: dict[tuple[bool, bool], StyleArray] = {}

    def stamp(cell: Cell | MergedCell, bold: bool, centered: bool) -> None:
        styled = cast(Any, cell)  # the style array is not in openpyxl's type stubs
        key = (bold, centered)
        cached = stamps.get(key)
        if cached is not None:
            styled._style = copy(cached)
            return
        cell.font = bold_font if bold else body_font
        cell.alignment = center if centered else left
        cell.border = border
        stamps[key] = copy(styled._style)

    centered = [col.align == "center" for col in sheet.columns]
    title_width = total_width - sheet.columns[0].width
    r = head + head_rows
    for row in _ordered_rows(sheet):
        group = isinstance(row, _Group)
        values = (row.label, row.title) if isinstance(row, _Group) else row.cells
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            # style first: set_text marks formula-like text with the quote prefix,
            # which lives in the same style array
            stamp(cell, group, centered[0] if c == 1 else (not group and centered[c - 1]))
            set_text(cell, values[c - 1] if c <= len(values) else "")
        if isinstance(row, _Group):
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
            # Excel does not grow a merged row to fit its text: estimate the height
            ws.row_dimensions[r].height = _lines(row.title, title_width) * _LINE_PT[BODY_SIZE] + 4
        r += 1

    # -- page -------------------------------------------------------------------------
    ws.freeze_panes = f"A{head + head_rows}"
    ws.print_title_rows = f"{head}:{head + head_rows - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    footer = ws.oddFooter
    if footer is not None:
        footer.center.text = "Trang &P/&N"
        footer.center.font = FONT_NAME
        footer.center.size = 10


def _workbook_bytes(sheets: list[_Sheet]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    for sheet in sheets:
        ws = wb.create_sheet(f"{sheet.label} - {sheet.name}"[:31])
        _write_sheet(ws, sheet)
    if sheets and default is not None:
        wb.remove(default)
    elif default is not None:
        default.title = "Phụ lục"
    wb.properties.creator = "KH57"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _target_path(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    if out.is_dir():
        raise ExportError(
            f"“{out.name}” là một thư mục, không phải tệp; hãy chọn tên tệp Excel để lưu."
        )
    folder = next((p for p in out.parents if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise ExportError(
            f"Không ghi được tệp {out.name} vì “{folder.name}” là một tệp chứ không phải thư mục; "
            "hãy chọn thư mục khác để lưu."
        )
    return out


def export_plan(db: Database, plan_id: int, out: Path) -> PlanExport:
    """Write plan *plan_id*'s appendices to *out* (".xlsx" added when missing).

    Raises NotFoundError for an unknown plan and ExportError (one Vietnamese
    sentence) when the file cannot be written; nothing is left half-written.
    """
    from app.safe_write import write_atomically

    target = _target_path(out)
    sheets, data = _sheets(db, plan_id)
    if not sheets:
        raise ExportError(
            "Kế hoạch này chưa có nhiệm vụ hay chỉ tiêu nào để xuất ra Excel; "
            "hãy nhập hoặc thêm nhiệm vụ, chỉ tiêu trước."
        )
    write_atomically(target, _workbook_bytes(sheets))
    return PlanExport(
        plan_id=plan_id, xlsx=target, tasks=len(data.tasks), indicators=len(data.indicators)
    )


def export_plan_xlsx(db: Database, plan_id: int, out: Path) -> Path:
    """Write plan *plan_id*'s appendices to *out*; returns the path written."""
    return export_plan(db, plan_id, out).xlsx
