"""Writing the workbook to a file: the target path, the bytes, the use cases."""

from __future__ import annotations

import io
from pathlib import Path

from app.db import Database
from app.errors import ExportError
from app.services.plan_export.load import _sheets
from app.services.plan_export.model import PlanExport, _Sheet
from app.services.plan_export.sheet import _write_sheet


def _workbook_bytes(sheets: list[_Sheet], origin: str = "") -> bytes:
    """The workbook; *origin* (the plan's source file) goes into its identifier, so that
    the workbook re-imports into the same plan even before the plan has a number."""
    from openpyxl import Workbook

    from app.importing.xlsx_reader import ORIGIN_PREFIX

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
    if origin:
        wb.properties.identifier = ORIGIN_PREFIX + origin
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _source_file(db: Database, plan_id: int) -> str:
    from app.models import Plan

    with db.read() as s:
        plan = s.get(Plan, plan_id)
        return plan.source_file if plan is not None and plan.source_file else ""


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
    write_atomically(target, _workbook_bytes(sheets, _source_file(db, plan_id)))
    return PlanExport(
        plan_id=plan_id, xlsx=target, tasks=len(data.tasks), indicators=len(data.indicators)
    )


def export_plan_xlsx(db: Database, plan_id: int, out: Path) -> Path:
    """Write plan *plan_id*'s appendices to *out*; returns the path written."""
    return export_plan(db, plan_id, out).xlsx
