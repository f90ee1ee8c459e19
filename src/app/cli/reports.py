"""Report commands: compiling a period's report, entering progress and indicator values."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import _iso, _open, _period_key


def _task_rows(view: Any) -> list[dict[str, Any]]:
    return [
        {
            "number": t.number,
            "name": t.name,
            "lead": t.lead,
            "deadline": t.deadline,
            "due": t.due.isoformat() if t.due else None,
            "status": t.official_text,
            "result": t.result_text,
        }
        for t in view.tasks
    ]


def _indicator_rows(view: Any) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "target": i.target_text,
            "target_year": i.target_year,
            "actual": i.actual_text,
            "attainment": None if i.attainment == "—" else i.attainment,
        }
        for i in view.indicators
    ]


def _unit_rows(matrix: Any, key: str) -> list[dict[str, Any]]:
    return [
        {
            "unit": name,
            "state": matrix.cells[(uid, key)].state,
            "received_on": _iso(matrix.cells[(uid, key)].received_on),
        }
        for uid, name in matrix.units
    ]


def _report_json(db: Any, report_id: int) -> dict[str, Any]:
    """The compiled report (contract keys: sections, tasks, indicators, units)."""
    from datetime import date

    from app.services.reports import report_view
    from app.services.unit_forms import unit_matrix

    view = report_view(db, report_id)
    matrix = unit_matrix(db, view.plan_id, [view.period.key], None, date.today())
    return {
        "report_id": report_id,
        "plan_id": view.plan_id,
        "period": view.period.key,
        "period_label": view.period.label_vi,
        "revision": view.revision,
        "status": view.status,
        "sections": dict(view.sections),
        "tasks": _task_rows(view),
        "indicators": _indicator_rows(view),
        "units": _unit_rows(matrix, view.period.key),
    }


def cmd_report(args: argparse.Namespace) -> Any:
    from app.safe_write import write_atomically
    from app.services.documents import report_pdf, report_xlsx
    from app.services.reports import compile_report

    db = _open(args)
    try:
        key = _period_key(args.period, args.kind)
        summary = compile_report(db, plan_id=args.plan_id, period_key=key)
        if args.pdf:
            write_atomically(Path(args.pdf), report_pdf(db, summary.report_id))
        if args.xlsx:
            write_atomically(Path(args.xlsx), report_xlsx(db, summary.report_id))
        result = _report_json(db, summary.report_id)
    finally:
        db.close()
    result["pdf"] = str(args.pdf) if args.pdf else None
    result["xlsx"] = str(args.xlsx) if args.xlsx else None
    return result


def cmd_progress(args: argparse.Namespace) -> Any:
    from app.services.progress_entry import ProgressInput
    from app.services.reports import enter_progress, parse_day_vi

    data = ProgressInput(
        status=args.status,
        percent=args.percent,
        result_text=args.result or "",
        reason=args.reason or "",
        completed_on=parse_day_vi(args.completed) if args.completed else None,
    )
    db = _open(args)
    try:
        return enter_progress(
            db, plan_id=args.plan_id, period_key=args.period, task_number=args.task, data=data
        )
    finally:
        db.close()


def cmd_value(args: argparse.Namespace) -> Any:
    from app.services.reports import enter_value

    db = _open(args)
    try:
        return enter_value(
            db,
            plan_id=args.plan_id,
            period_key=args.period,
            code=args.indicator,
            value=args.value,
            source=args.source or "",
        )
    finally:
        db.close()
