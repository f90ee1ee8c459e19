"""Per-unit report forms: who owes a report, the Excel form, and reading it back.

A form carries its identity (plan, period, unit) on a hidden sheet so that a
form from another plan, period or unit is refused with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db import Database
from app.errors import ImportFormatError, NotFoundError
from app.models import Plan, Task, TaskUnit, Unit, UnitSubmission
from app.periods import ReportPeriod, SendingRule, period_from_key, sending_deadline
from app.progress import ENTERED_LABELS, parse_entered_status
from app.services import Changes
from app.services.progress_entry import (
    ProgressInput,
    ResultInput,
    indicator_results,
    task_statuses,
    upsert_progress,
    upsert_result,
)
from app.vntext import clean_cell, sort_key

FORM_MARK = "KH57-PHIEU-DON-VI"
META_SHEET = "KH57"
TASK_SHEET = "Nhiệm vụ"
IND_SHEET = "Chỉ tiêu"
TASK_HEADERS = (
    "TT",
    "Nhiệm vụ",
    "Thời hạn",
    "Trạng thái",
    "% hoàn thành",
    "Kết quả thực hiện",
    "Văn bản, minh chứng",
    "Ghi chú",
)
IND_HEADERS = (
    "Mã",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Mục tiêu",
    "Kết quả đạt được",
    "Nguồn số liệu",
    "Ghi chú",
)


@dataclass(frozen=True, slots=True)
class UnitCell:
    state: str  # on_time | late | pending | missing
    received_on: date | None


@dataclass(frozen=True, slots=True)
class UnitMatrix:
    periods: list[tuple[str, str]]  # (key, label)
    units: list[tuple[int, str]]  # (id, name) in Vietnamese order
    cells: dict[tuple[int, str], UnitCell]


def _open_task_filter(t: Task, period: ReportPeriod) -> bool:
    if t.deadline_kind == "done":
        return False
    if t.deadline_start is not None and t.deadline_start > period.end:
        return False
    return not (t.deadline_kind == "once" and t.deadline_due and t.deadline_due < period.start)


def owing_units(db: Database, plan_id: int, period: ReportPeriod) -> list[tuple[int, str]]:
    """Lead units of the tasks open in the period."""
    with db.read() as s:
        rows = s.execute(
            select(Unit.id, Unit.name, Task)
            .join(TaskUnit, TaskUnit.unit_id == Unit.id)
            .join(Task, Task.id == TaskUnit.task_id)
            .where(Task.plan_id == plan_id, TaskUnit.role == "lead")
        ).all()
    found = {uid: name for uid, name, task in rows if _open_task_filter(task, period)}
    return sorted(found.items(), key=lambda x: sort_key(x[1]))


def unit_matrix(
    db: Database, plan_id: int, period_keys: list[str], rule: SendingRule | None, today: date
) -> UnitMatrix:
    periods = [period_from_key(k) for k in period_keys]
    with db.read() as s:
        subs = {
            (u.unit_id, u.period_key): u.received_on
            for u in s.scalars(select(UnitSubmission).where(UnitSubmission.plan_id == plan_id))
        }
    units: dict[int, str] = {}
    cells: dict[tuple[int, str], UnitCell] = {}
    for p in periods:
        deadline = sending_deadline(p, rule)
        for uid, name in owing_units(db, plan_id, p):
            units[uid] = name
            got = subs.get((uid, p.key))
            if got is not None:
                state = "on_time" if got <= deadline else "late"
            else:
                state = "missing" if today > deadline else "pending"
            cells[(uid, p.key)] = UnitCell(state, got)
    return UnitMatrix(
        periods=[(p.key, p.label_vi) for p in periods],
        units=sorted(units.items(), key=lambda x: sort_key(x[1])),
        cells=cells,
    )


def _upsert_unit_report(
    s: Any, *, plan_id: int, unit_id: int, period: ReportPeriod, received_on: date
) -> None:
    row = s.scalars(
        select(UnitSubmission).where(
            UnitSubmission.plan_id == plan_id,
            UnitSubmission.unit_id == unit_id,
            UnitSubmission.period_key == period.key,
        )
    ).first() or UnitSubmission(plan_id=plan_id, unit_id=unit_id, period_key=period.key)
    row.received_on = received_on
    s.add(row)


def record_unit_report(
    db: Database, *, plan_id: int, unit_id: int, period_key: str, received_on: date
) -> Changes:
    period = period_from_key(period_key)
    with db.begin() as s:
        _upsert_unit_report(
            s, plan_id=plan_id, unit_id=unit_id, period=period, received_on=received_on
        )
    return Changes(reports=True)


def _unit_task_ids(db: Database, plan_id: int, unit_id: int) -> set[int]:
    with db.read() as s:
        return set(
            s.scalars(
                select(TaskUnit.task_id)
                .join(Task, Task.id == TaskUnit.task_id)
                .where(
                    Task.plan_id == plan_id, TaskUnit.unit_id == unit_id, TaskUnit.role == "lead"
                )
            )
        )


def _identity(db: Database, plan_id: int, unit_id: int) -> tuple[Plan, Unit]:
    with db.read() as s:
        plan, unit = s.get(Plan, plan_id), s.get(Unit, unit_id)
        if plan is None or unit is None:
            raise NotFoundError("Kế hoạch hoặc đơn vị này không còn trong dữ liệu.")
        return plan, unit


def _safe(value: Any) -> Any:
    """Text that Excel must never read as a formula (control characters dropped)."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value if value[:1] in ("=", "+", "@") else value
    return value


def export_unit_form(
    db: Database, *, plan_id: int, unit_id: int, period_key: str, out: Path
) -> Path:
    """Write the unit's form for the period, pre-filled with what is known."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    period = period_from_key(period_key)
    plan, unit = _identity(db, plan_id, unit_id)
    mine = _unit_task_ids(db, plan_id, unit_id)
    tasks = [t for t in task_statuses(db, plan_id, period.key) if t.task_id in mine]
    inds = [
        i for i in indicator_results(db, plan_id, period.key) if _is_lead(db, i.indicator_id, unit)
    ]
    wb = Workbook()
    ws = wb.create_sheet(TASK_SHEET, 0)
    wb.remove(wb.worksheets[1])
    ws.append([_safe(f"PHIẾU BÁO CÁO TIẾN ĐỘ — {unit.name} — {period.label_vi}")])
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
    wi = wb.create_sheet(IND_SHEET)
    wi.append(list(IND_HEADERS))
    for i in inds:
        wi.append(
            [
                _safe(v)
                for v in (i.code, i.name, i.unit, i.target_text, i.actual_text, i.source, i.note)
            ]
        )
    for sheet in (ws, wi):
        for cell in sheet[3 if sheet is ws else 1]:  # the header row
            cell.font = Font(bold=True)
        for col, width in zip("ABCDEFGH", (8, 60, 18, 18, 12, 40, 30, 20), strict=False):
            sheet.column_dimensions[col].width = width
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
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


def read_unit_form(
    db: Database, path: Path, *, plan_id: int, unit_id: int, period_key: str
) -> FormPreview:
    """Read a filled form and show what it would change; writes nothing."""
    period = period_from_key(period_key)
    plan, unit = _identity(db, plan_id, unit_id)
    wb = _load_form(path)
    meta = _meta(wb, path)
    if meta.get("plan_id") != str(plan.id):
        raise ImportFormatError(
            f"Phiếu này thuộc kế hoạch {meta.get('plan_number') or 'khác'}, không phải kế hoạch "
            "đang chọn; hãy chọn đúng phiếu."
        )
    if meta.get("period") != period.key:
        raise ImportFormatError(
            f"Phiếu này là của kỳ {meta.get('period')}, không phải kỳ {period.label_vi}; "
            "hãy chọn đúng phiếu của kỳ này."
        )
    if meta.get("unit_key") != unit.key:
        raise ImportFormatError(
            f"Phiếu này là của {meta.get('unit') or 'đơn vị khác'}, không phải {unit.name}; "
            "hãy chọn đúng phiếu của đơn vị."
        )
    return _preview(db, wb, plan_id=plan_id, unit=unit, period=period)


def _cell(row: tuple[Any, ...], i: int) -> str:
    return clean_cell(row[i]) if i < len(row) and row[i] is not None else ""


def _preview(
    db: Database, wb: Any, *, plan_id: int, unit: Unit, period: ReportPeriod
) -> FormPreview:
    mine = _unit_task_ids(db, plan_id, unit.id)
    tasks = {t.number: t for t in task_statuses(db, plan_id, period.key) if t.task_id in mine}
    inds = {i.code: i for i in indicator_results(db, plan_id, period.key)}
    task_inputs, result_inputs, changes, warnings = [], [], [], []
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
        pct_text = _cell(row, 4).rstrip("%").replace(",", ".")
        percent = int(float(pct_text)) if pct_text.replace(".", "", 1).isdigit() else None
        data = ProgressInput(
            status=code,
            percent=percent,
            result_text=_cell(row, 5),
            evidence=_cell(row, 6),
            note=_cell(row, 7),
        )
        task_inputs.append((t.task_id, data))
        if (t.entered, t.result_text) != (code, data.result_text):
            changes.append(
                FormChange(
                    "task",
                    t.task_id,
                    number,
                    t.name,
                    t.entered_label,
                    " — ".join(x for x in (ENTERED_LABELS[code], data.result_text) if x),
                )
            )
    if IND_SHEET in wb.sheetnames:
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
    return FormPreview(
        plan_id, unit.id, unit.name, period.key, task_inputs, result_inputs, changes, warnings
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
