"""Command line (DESIGN.md §3, contract): JSON on stdout, Vietnamese errors on stderr.

Exit status: 0 success, 1 an application error (one sentence on stderr),
2 a usage error. Heavy modules are imported inside the commands that need
them, so that ``kh57`` opens its window quickly.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.errors import AppError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], Any]


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _db_path(args: argparse.Namespace) -> Path:
    from app.paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def _open(args: argparse.Namespace) -> Any:
    from app.db import open_database

    return open_database(_db_path(args))


def cmd_parse_deadline(args: argparse.Namespace) -> Any:
    from app.deadlines import parse_deadline

    return parse_deadline(args.text).to_json()


def cmd_plans(args: argparse.Namespace) -> Any:
    from app.services.plans import list_plans

    db = _open(args)
    try:
        return [p.to_json() for p in list_plans(db)]
    finally:
        db.close()


def cmd_tasks(args: argparse.Namespace) -> Any:
    from app.services.plans import list_tasks

    db = _open(args)
    try:
        return [t.to_json() for t in list_tasks(db, args.plan_id)]
    finally:
        db.close()


def cmd_indicators(args: argparse.Namespace) -> Any:
    from app.services.plans import list_indicators

    db = _open(args)
    try:
        return [i.to_json() for i in list_indicators(db, args.plan_id)]
    finally:
        db.close()


def cmd_where(args: argparse.Namespace) -> Any:
    from app.paths import backup_dir_for, log_dir

    path = _db_path(args)
    return {"database": str(path), "backups": str(backup_dir_for(path)), "logs": str(log_dir())}


def cmd_backup(args: argparse.Namespace) -> Any:
    from app.backup import make_backup

    path = _db_path(args)
    db = _open(args)  # checks and migrates first
    db.close()
    target = make_backup(path, reason="manual")
    return {"backup": str(target), "size": target.stat().st_size}


def cmd_restore(args: argparse.Namespace) -> Any:
    from app.backup import restore_backup

    path = _db_path(args)
    safety = restore_backup(path, Path(args.file))
    return {
        "restored": str(path),
        "from": str(args.file),
        "previous": str(safety) if safety else None,
    }


def cmd_import(args: argparse.Namespace) -> Any:
    from app.services.plan_import import import_plan_file

    db = _open(args)
    try:
        return import_plan_file(db, Path(args.file), commune=args.commune).to_json()
    finally:
        db.close()


def _period_key(period: str, kind: str | None) -> str:
    """The period key for ``--period`` and ``--kind`` (2025-09 + quarter → 2025-Q3)."""
    from datetime import date

    from app.periods import (
        half_year_period,
        parse_period_kind,
        period_from_key,
        quarter_period,
        year_period,
    )

    base = period_from_key(period)
    if kind is None:
        return base.key
    wanted = parse_period_kind(kind)
    if wanted == base.kind:
        return base.key
    month = base.index if base.kind == "monthly" else base.end.month
    day = date(base.year, month, 1)
    if wanted == "quarterly":
        return quarter_period(day.year, (day.month - 1) // 3 + 1).key
    if wanted == "half_year":
        return half_year_period(day.year, 1 if day.month <= 6 else 2).key
    if wanted == "yearly":
        return year_period(day.year).key
    return base.key


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
        "tasks": [
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
        ],
        "indicators": [
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
        ],
        "units": [
            {
                "unit": name,
                "state": matrix.cells[(uid, view.period.key)].state,
                "received_on": _iso(matrix.cells[(uid, view.period.key)].received_on),
            }
            for uid, name in matrix.units
        ],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


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


def cmd_print_plan(args: argparse.Namespace) -> Any:
    from app.safe_write import write_atomically
    from app.services.documents import pdf_page_count, plan_pdf

    db = _open(args)
    try:
        data = plan_pdf(db, args.plan_id)
    finally:
        db.close()
    write_atomically(Path(args.pdf), data)
    return {"plan_id": args.plan_id, "pdf": str(args.pdf), "pages": pdf_page_count(data)}


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


def cmd_export(args: argparse.Namespace) -> Any:
    from app.services.plan_export import export_plan

    db = _open(args)
    try:
        return export_plan(db, args.plan_id, Path(args.xlsx)).to_json()
    finally:
        db.close()


class _VersionAction(argparse.Action):
    """Prints the version; reading package metadata only when asked keeps start-up quick."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from app import version

        sys.stdout.write(f"KH57 {version()}\n")
        parser.exit()


def cmd_self_test(_args: argparse.Namespace) -> Any:
    """Human-readable lines, not JSON: exits here with 0 only when every step passed."""
    from app.selftest import run_self_test

    raise SystemExit(run_self_test())


# --------------------------------------------------------------------------- sending (issue 6)


def cmd_bundle(args: argparse.Namespace) -> Any:
    from app.errors import ExportError
    from app.services.reports import compile_report
    from app.services.submission import export_bundle

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"Không tạo được thư mục {out}, hãy kiểm tra đường dẫn và quyền ghi rồi thử lại."
        ) from exc
    db = _open(args)
    try:
        key = _period_key(args.period, args.kind)
        report_id = compile_report(db, plan_id=args.plan_id, period_key=key).report_id
        r = export_bundle(db, report_id, out, channel="folder")
    finally:
        db.close()
    return {
        "path": str(r.path),
        "bundle_id": r.bundle_id,
        "sha256": r.sha256,
        "size": r.size,
        "report_id": report_id,
        "period": key,
    }


def cmd_verify(args: argparse.Namespace) -> Any:
    from app.bundle import verify_bundle

    v = verify_bundle(Path(args.file))
    m = v.manifest
    return {
        "ok": True,
        "bundle_id": v.bundle_id,
        "sha256": v.sha256,
        "commune": m["commune"]["name"],
        "province": m["commune"]["province"],
        "plan": m["plan"]["number"],
        "period": m["period"]["key"],
        "revision": m["revision"],
        "created_at": m["created_at"],
        "members": m["members"],
    }


def cmd_inbox_import(args: argparse.Namespace) -> Any:
    """Prints every file's result; exits 1 (one sentence on stderr) when any was rejected."""
    from app.services.inbox import import_paths

    db = _open(args)
    try:
        results = [r.to_json() for r in import_paths(db, [Path(f) for f in args.files])]
    finally:
        db.close()
    rejected = sum(1 for r in results if r["status"] == "rejected")
    if rejected:
        _print_json(results)
        raise AppError(
            f"Có {rejected}/{len(results)} tệp bị từ chối (lý do ghi ở từng tệp), "
            "hãy đề nghị nơi gửi gửi lại các gói đó."
        )
    return results


def cmd_inbox_list(args: argparse.Namespace) -> Any:
    from app.services.inbox import list_inbox

    db = _open(args)
    try:
        return [r.to_json() for r in list_inbox(db)]
    finally:
        db.close()


def cmd_outbox(args: argparse.Namespace) -> Any:
    from app.services.outbox import list_outbox

    db = _open(args)
    try:
        rows = list_outbox(db)
    finally:
        db.close()
    return [
        {
            "id": r.id,
            "report_id": r.report_id,
            "state": r.state,
            "state_label": r.state_label,
            "subject": r.subject,
            "recipients": r.recipients,
            "attempts": r.attempts,
            "next_attempt_at": r.next_attempt_at.isoformat(timespec="seconds"),
            "sent_at": r.sent_at.isoformat(timespec="seconds") if r.sent_at else None,
            "error": r.last_error,
            "message_id": r.message_id,
        }
        for r in rows
    ]


def _build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="tệp dữ liệu")
    parser = argparse.ArgumentParser(
        prog="kh57", description="KH57 — kế hoạch và báo cáo chuyển đổi số cấp xã"
    )
    parser.add_argument("--db", metavar="PATH", default=None, help="tệp dữ liệu")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="phiên bản")
    parser.add_argument("--screenshot", metavar="FILE", help="vẽ cửa sổ chính ra tệp PNG rồi thoát")
    parser.add_argument(
        "--import-bundle",
        metavar="FILE",
        help="mở cửa sổ và nhập gói báo cáo .kh57 vào hộp thư đến",
    )
    sub = parser.add_subparsers(dest="command")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(handler=handler)
        return p

    add("parse-deadline", cmd_parse_deadline, "đọc thời hạn viết bằng chữ").add_argument("text")
    add("plans", cmd_plans, "danh sách kế hoạch")
    add("tasks", cmd_tasks, "nhiệm vụ của một kế hoạch").add_argument("plan_id", type=int)
    add("indicators", cmd_indicators, "chỉ tiêu của một kế hoạch").add_argument("plan_id", type=int)
    add("where", cmd_where, "nơi lưu dữ liệu và bản sao lưu")
    add("self-test", cmd_self_test, "tự kiểm tra chương trình trên dữ liệu tạm")
    add("backup", cmd_backup, "sao lưu dữ liệu ngay")
    add("restore", cmd_restore, "khôi phục từ một bản sao lưu").add_argument("file")
    p_import = add("import", cmd_import, "nhập kế hoạch từ tệp Excel hoặc Word")
    p_import.add_argument("file")
    p_import.add_argument("--commune", default=None)
    p_report = add("report", cmd_report, "lập báo cáo kỳ và in ra PDF (và Excel)")
    p_report.add_argument("plan_id", type=int)
    p_report.add_argument("--period", required=True, metavar="KỲ", help="ví dụ 2025-09")
    p_report.add_argument("--kind", default=None, help="month|quarter|half|year")
    p_report.add_argument("--pdf", default=None, metavar="FILE")
    p_report.add_argument("--xlsx", default=None, metavar="FILE")
    p_print_plan = add("print-plan", cmd_print_plan, "in kế hoạch ra PDF")
    p_print_plan.add_argument("plan_id", type=int)
    p_print_plan.add_argument("--pdf", required=True, metavar="FILE")
    p_export = add("export", cmd_export, "xuất phụ lục kế hoạch ra tệp Excel")
    p_export.add_argument("plan_id", type=int)
    p_export.add_argument("--xlsx", required=True, metavar="FILE")
    p_bundle = add("bundle", cmd_bundle, "đóng gói báo cáo (.kh57) vào một thư mục")
    p_bundle.add_argument("plan_id", type=int)
    p_bundle.add_argument("--period", required=True, metavar="KỲ", help="ví dụ 2025-09")
    p_bundle.add_argument("--kind", default=None, help="month|quarter|half|year")
    p_bundle.add_argument("--out", required=True, metavar="DIR")
    add("verify", cmd_verify, "kiểm tra một gói báo cáo .kh57").add_argument("file")
    p_inbox = add("inbox", cmd_inbox_list, "hộp thư đến: nhập và xem gói báo cáo")
    inbox_sub = p_inbox.add_subparsers(dest="inbox_command", required=True)
    p_inbox_import = inbox_sub.add_parser("import", parents=[common], help="nhập gói báo cáo")
    p_inbox_import.add_argument("files", nargs="+", metavar="FILE_OR_DIR")
    p_inbox_import.set_defaults(handler=cmd_inbox_import)
    inbox_sub.add_parser("list", parents=[common], help="các gói đã nhận").set_defaults(
        handler=cmd_inbox_list
    )
    add("outbox", cmd_outbox, "hộp thư đi và trạng thái từng thư")
    p_progress = add("progress", cmd_progress, "ghi tiến độ một nhiệm vụ trong kỳ")
    p_progress.add_argument("plan_id", type=int)
    p_progress.add_argument("--period", required=True, metavar="KỲ", help="ví dụ 2025-09")
    p_progress.add_argument("--task", required=True, metavar="SỐ", help="số nhiệm vụ, ví dụ 1.2")
    p_progress.add_argument("--status", required=True, help="ví dụ “Hoàn thành”")
    p_progress.add_argument("--result", default=None, metavar="TEXT")
    p_progress.add_argument("--percent", type=int, default=None, metavar="N")
    p_progress.add_argument("--completed", default=None, metavar="dd/mm/yyyy")
    p_progress.add_argument("--reason", default=None, help="lý do (khi không thực hiện)")
    p_value = add("value", cmd_value, "ghi kết quả một chỉ tiêu trong kỳ")
    p_value.add_argument("plan_id", type=int)
    p_value.add_argument("--period", required=True, metavar="KỲ", help="ví dụ 2025-09")
    p_value.add_argument("--indicator", required=True, metavar="MÃ", help="mã chỉ tiêu")
    p_value.add_argument("--value", required=True, help="ví dụ “50,5” hoặc “50.5”")
    p_value.add_argument("--source", default=None, metavar="TEXT")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    args = _build_parser().parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from app.ui.launch import launch

        bundle = Path(args.import_bundle) if args.import_bundle else None
        return launch(db_path=_db_path(args), screenshot=args.screenshot, import_bundle=bundle)
    from app.logs import setup_logging

    setup_logging()
    try:
        _print_json(handler(args))
    except AppError as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    except Exception:
        log.exception("Lỗi không mong đợi khi chạy lệnh %s", args.command)
        sys.stderr.write(
            "Đã xảy ra lỗi không mong đợi; chi tiết đã được ghi vào tệp nhật ký, "
            "hãy gửi tệp đó cho cán bộ kỹ thuật.\n"
        )
        return 1
    return 0
