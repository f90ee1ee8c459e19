"""Writing a unit's report form, pre-filled with what is known for the period."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.db import Database
from app.models import Plan, Unit
from app.periods import ReportPeriod, period_from_key
from app.progress import ENTERED_LABELS
from app.services.progress_entry import (
    IndicatorResultRow,
    TaskStatusRow,
    indicator_results,
    task_statuses,
)
from app.services.unit_forms.layout import (
    FORM_MARK,
    IND_HEADERS,
    IND_SHEET,
    META_SHEET,
    TASK_HEADERS,
    TASK_SHEET,
    _safe,
)
from app.services.unit_forms.tracking import _identity, _unit_task_ids

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def _write_tasks(wb: Workbook, title: str, plan: Plan, tasks: list[TaskStatusRow]) -> Worksheet:
    ws: Worksheet = wb.create_sheet(TASK_SHEET, 0)
    wb.remove(wb.worksheets[1])
    ws.append([_safe(title)])
    ws.append([_safe(f"Kế hoạch {plan.number} {plan.title}")])
    ws.append(list(TASK_HEADERS))
    for t in tasks:
        ws.append(
            [
                _safe(v)
                for v in (
                    t.number,
                    t.name,
                    t.deadline,
                    t.entered_label,
                    t.percent,
                    t.result_text,
                    t.evidence,
                    t.note,
                )
            ]
        )
    return ws


STATUS_COLUMN = "D"  #: "Trạng thái" in TASK_HEADERS
FIRST_TASK_ROW = 4  #: after the title, the plan and the header row


def _status_choices(ws: Worksheet, tasks: int) -> None:
    """A drop-down of the status words the reader accepts, on every task's status cell."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if not tasks:
        return
    words = ",".join(ENTERED_LABELS.values())  # inline list: short, no commas in the words
    dv = DataValidation(
        type="list",
        formula1=f'"{words}"',
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle="Trạng thái",
        prompt="Chọn trạng thái của nhiệm vụ trong danh sách.",
        errorTitle="Trạng thái không hợp lệ",
        error="Hãy chọn một trong: " + ", ".join(ENTERED_LABELS.values()) + ".",
    )
    last = FIRST_TASK_ROW + tasks - 1
    dv.add(f"{STATUS_COLUMN}{FIRST_TASK_ROW}:{STATUS_COLUMN}{last}")
    ws.add_data_validation(dv)


def _write_indicators(wb: Workbook, inds: list[IndicatorResultRow]) -> Worksheet:
    wi: Worksheet = wb.create_sheet(IND_SHEET)
    wi.append(list(IND_HEADERS))
    for i in inds:
        wi.append(
            [
                _safe(v)
                for v in (i.code, i.name, i.unit, i.target_text, i.actual_text, i.source, i.note)
            ]
        )
    return wi


def _style(ws: Worksheet, wi: Worksheet) -> None:
    from openpyxl.styles import Alignment, Font

    for sheet in (ws, wi):
        for cell in sheet[3 if sheet is ws else 1]:  # the header row
            cell.font = Font(bold=True)
        for col, width in zip("ABCDEFGH", (8, 60, 18, 18, 12, 40, 30, 20), strict=False):
            sheet.column_dimensions[col].width = width
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_meta(wb: Workbook, plan: Plan, unit: Unit, period: ReportPeriod) -> None:
    meta = wb.create_sheet(META_SHEET)
    for k, v in (
        ("mark", FORM_MARK),
        ("plan_id", plan.id),
        ("plan_number", plan.number),
        ("period", period.key),
        ("unit_key", unit.key),
        ("unit", unit.name),
    ):
        meta.append([k, _safe(v)])
    meta.sheet_state = "hidden"


def export_unit_form(
    db: Database, *, plan_id: int, unit_id: int, period_key: str, out: Path
) -> Path:
    """Write the unit's form for the period, pre-filled with what is known."""
    from openpyxl import Workbook

    period = period_from_key(period_key)
    plan, unit = _identity(db, plan_id, unit_id)
    mine = _unit_task_ids(db, plan_id, unit_id)
    tasks = [t for t in task_statuses(db, plan_id, period.key) if t.task_id in mine]
    inds = [
        i for i in indicator_results(db, plan_id, period.key) if _is_lead(db, i.indicator_id, unit)
    ]
    wb = Workbook()
    title = f"PHIẾU BÁO CÁO TIẾN ĐỘ — {unit.name} — {period.label_vi}"
    ws = _write_tasks(wb, title, plan, tasks)
    _status_choices(ws, len(tasks))
    wi = _write_indicators(wb, inds)
    _style(ws, wi)
    _write_meta(wb, plan, unit, period)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _is_lead(db: Database, indicator_id: int, unit: Unit) -> bool:
    from app.models import IndicatorUnit

    with db.read() as s:
        return (
            s.scalars(
                select(IndicatorUnit.id).where(
                    IndicatorUnit.indicator_id == indicator_id,
                    IndicatorUnit.unit_id == unit.id,
                    IndicatorUnit.role == "lead",
                )
            ).first()
            is not None
        )
