"""Reading a filled form back: checking whose it is, previewing, then applying it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.db import Database
from app.errors import ImportFormatError
from app.models import Plan, Unit
from app.periods import ReportPeriod, period_from_key, period_words
from app.progress import ENTERED_LABELS, EnteredStatus, parse_entered_status
from app.services import Changes
from app.services.progress_entry import (
    IndicatorResultRow,
    ProgressInput,
    ResultInput,
    TaskStatusRow,
    indicator_results,
    task_statuses,
    upsert_progress,
    upsert_result,
)
from app.services.unit_forms.layout import FORM_MARK, IND_SHEET, META_SHEET, TASK_SHEET, _cell
from app.services.unit_forms.tracking import _identity, _unit_task_ids, _upsert_unit_report


@dataclass(frozen=True, slots=True)
class FormChange:
    kind: str  # "task" | "indicator"
    ref_id: int
    number: str
    name: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class FormPreview:
    plan_id: int
    unit_id: int
    unit: str
    period_key: str
    task_inputs: list[tuple[int, ProgressInput]]
    result_inputs: list[tuple[int, ResultInput]]
    changes: list[FormChange]
    warnings: list[str]


def _load_form(path: Path) -> Any:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFormatError(
            f"Tệp {path.name} không phải phiếu báo cáo Excel đọc được; hãy chọn đúng tệp .xlsx "
            "mà đơn vị đã điền."
        ) from exc


def _meta(wb: Any, path: Path) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise ImportFormatError(
            f"Tệp {path.name} không phải phiếu báo cáo do KH57 xuất; hãy dùng phiếu xuất từ "
            "màn hình Báo cáo."
        )
    meta = {str(r[0]): str(r[1] or "") for r in wb[META_SHEET].iter_rows(values_only=True) if r[0]}
    if meta.get("mark") != FORM_MARK:
        raise ImportFormatError(f"Tệp {path.name} không phải phiếu báo cáo do KH57 xuất.")
    return meta


def _check_identity(meta: dict[str, str], plan: Plan, unit: Unit, period: ReportPeriod) -> None:
    """Refuse a form from another plan, period or unit."""
    if meta.get("plan_id") != str(plan.id):
        raise ImportFormatError(
            f"Phiếu này thuộc kế hoạch {meta.get('plan_number') or 'khác'}, không phải kế hoạch "
            "đang chọn; hãy chọn đúng phiếu."
        )
    if meta.get("period") != period.key:
        raise ImportFormatError(
            f"Phiếu này là của kỳ {period_words(meta.get('period'))}, không phải kỳ "
            f"{period.label_in_text}; hãy chọn đúng phiếu của kỳ này."
        )
    if meta.get("unit_key") != unit.key:
        raise ImportFormatError(
            f"Phiếu này là của {meta.get('unit') or 'đơn vị khác'}, không phải {unit.name}; "
            "hãy chọn đúng phiếu của đơn vị."
        )


def read_unit_form(
    db: Database, path: Path, *, plan_id: int, unit_id: int, period_key: str
) -> FormPreview:
    """Read a filled form and show what it would change; writes nothing."""
    period = period_from_key(period_key)
    plan, unit = _identity(db, plan_id, unit_id)
    wb = _load_form(path)
    meta = _meta(wb, path)
    _check_identity(meta, plan, unit, period)
    return _preview(db, wb, plan_id=plan_id, unit=unit, period=period)


def _progress_input(row: tuple[Any, ...], code: EnteredStatus) -> ProgressInput:
    pct_text = _cell(row, 4).rstrip("%").replace(",", ".")
    percent = int(float(pct_text)) if pct_text.replace(".", "", 1).isdigit() else None
    return ProgressInput(
        status=code,
        percent=percent,
        result_text=_cell(row, 5),
        evidence=_cell(row, 6),
        note=_cell(row, 7),
    )


def _status_text(label: str, percent: int | None) -> str:
    """A status as the preview shows it: "Đang thực hiện (60%)"."""
    if percent is None:
        return label
    return f"{label} ({percent}%)" if label else f"{percent}%"


def _task_change(
    t: TaskStatusRow, number: str, code: EnteredStatus, data: ProgressInput
) -> FormChange:
    """The preview's line for a task: status and completion percentage, before and after."""
    return FormChange(
        "task",
        t.task_id,
        number,
        t.name,
        _status_text(t.entered_label, t.percent),
        " — ".join(
            x for x in (_status_text(ENTERED_LABELS[code], data.percent), data.result_text) if x
        ),
    )


NO_REASON = (
    "Dòng {row}: nhiệm vụ số {number} ghi “Không thực hiện” nhưng chưa có lý do; hãy ghi lý "
    "do vào cột Ghi chú rồi nhập lại phiếu (dòng này được bỏ qua)."
)
_TaskRead = tuple[list[tuple[int, ProgressInput]], list[FormChange], list[str]]


def _read_tasks(wb: Any, tasks: dict[str, TaskStatusRow]) -> _TaskRead:
    """The task rows: (inputs, changes, warnings)."""
    task_inputs: list[tuple[int, ProgressInput]] = []
    changes: list[FormChange] = []
    warnings: list[str] = []
    for n, row in enumerate(wb[TASK_SHEET].iter_rows(min_row=4, values_only=True), start=4):
        number, status = _cell(row, 0), _cell(row, 3)
        if not number:
            continue
        t = tasks.get(number)
        if t is None:
            warnings.append(
                f"Dòng {n}: nhiệm vụ số {number} không thuộc đơn vị trong kỳ này; bỏ qua."
            )
            continue
        if not status:
            continue
        try:
            code = parse_entered_status(status)
        except Exception as exc:  # ValidationError: keep reading the other rows
            warnings.append(f"Dòng {n}: {exc}")
            continue
        data = _progress_input(row, code)
        if code == t.entered:
            # the form has no column for these: a row the unit left at the same status
            # keeps the completion date and reason already recorded (else they were erased)
            data = replace(data, completed_on=t.completed_on, reason=t.reason)
        if code == "cancelled" and not (data.reason or "").strip():
            if not data.note.strip():
                warnings.append(NO_REASON.format(row=n, number=number))
                continue
            data = replace(data, reason=data.note)  # the form's "Ghi chú" gives the reason
        task_inputs.append((t.task_id, data))
        if (t.entered, t.percent, t.result_text) != (code, data.percent, data.result_text):
            changes.append(_task_change(t, number, code, data))
    return task_inputs, changes, warnings


def _read_indicators(
    wb: Any, inds: dict[str, IndicatorResultRow]
) -> tuple[list[tuple[int, ResultInput]], list[FormChange]]:
    result_inputs: list[tuple[int, ResultInput]] = []
    changes: list[FormChange] = []
    if IND_SHEET not in wb.sheetnames:
        return result_inputs, changes
    for row in wb[IND_SHEET].iter_rows(min_row=2, values_only=True):
        code_txt, actual = _cell(row, 0), _cell(row, 4)
        ind = inds.get(code_txt)
        if ind is None or not actual:
            continue
        result_inputs.append(
            (ind.indicator_id, ResultInput(actual, source=_cell(row, 5), note=_cell(row, 6)))
        )
        if actual != ind.actual_text:
            changes.append(
                FormChange(
                    "indicator", ind.indicator_id, code_txt, ind.name, ind.actual_text, actual
                )
            )
    return result_inputs, changes


def _preview(
    db: Database, wb: Any, *, plan_id: int, unit: Unit, period: ReportPeriod
) -> FormPreview:
    mine = _unit_task_ids(db, plan_id, unit.id)
    tasks = {t.number: t for t in task_statuses(db, plan_id, period.key) if t.task_id in mine}
    inds = {i.code: i for i in indicator_results(db, plan_id, period.key)}
    task_inputs, changes, warnings = _read_tasks(wb, tasks)
    result_inputs, ind_changes = _read_indicators(wb, inds)
    return FormPreview(
        plan_id,
        unit.id,
        unit.name,
        period.key,
        task_inputs,
        result_inputs,
        changes + ind_changes,
        warnings,
    )


def apply_unit_form(db: Database, preview: FormPreview, *, received_on: date) -> Changes:
    """Write a previewed form in one transaction: progress, results, the unit's date."""
    period = period_from_key(preview.period_key)
    with db.begin() as s:
        for task_id, data in preview.task_inputs:
            upsert_progress(s, task_id=task_id, period=period, data=data)
        for ind_id, res in preview.result_inputs:
            upsert_result(s, indicator_id=ind_id, period=period, data=res)
        _upsert_unit_report(
            s,
            plan_id=preview.plan_id,
            unit_id=preview.unit_id,
            period=period,
            received_on=received_on,
        )
    return Changes(tasks=True, indicators=True, reports=True)
