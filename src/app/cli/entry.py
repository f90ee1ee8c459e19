"""The ``kh57`` parser and entry point: no command opens the window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.cli.bundles import cmd_bundle, cmd_inbox_import, cmd_inbox_list, cmd_outbox, cmd_verify
from app.cli.common import Handler, _db_path, _print_json
from app.cli.plans import (
    cmd_backup,
    cmd_export,
    cmd_import,
    cmd_indicators,
    cmd_parse_deadline,
    cmd_plans,
    cmd_print_plan,
    cmd_restore,
    cmd_self_test,
    cmd_tasks,
    cmd_where,
)
from app.cli.reports import cmd_progress, cmd_report, cmd_value
from app.errors import AppError

log = logging.getLogger("app.cli")

_Add = Callable[[str, Handler, str], argparse.ArgumentParser]


class _VersionAction(argparse.Action):
    """Prints the version; reading package metadata only when asked keeps start-up quick."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from app import version

        sys.stdout.write(f"KH57 {version()}\n")
        parser.exit()


def _top_parser() -> argparse.ArgumentParser:
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
    return parser


def _add_plan_commands(add: _Add) -> None:
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


def _add_document_commands(add: _Add) -> None:
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


def _add_sending_commands(add: _Add, common: argparse.ArgumentParser) -> None:
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


def _add_entry_commands(add: _Add) -> None:
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


def _build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="tệp dữ liệu")
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(handler=handler)
        return p

    _add_plan_commands(add)
    _add_document_commands(add)
    _add_sending_commands(add, common)
    _add_entry_commands(add)
    return parser


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")


def _run(handler: Handler, args: argparse.Namespace) -> int:
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


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_streams()
    args = _build_parser().parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from app.ui.launch import launch

        bundle = Path(args.import_bundle) if args.import_bundle else None
        return launch(db_path=_db_path(args), screenshot=args.screenshot, import_bundle=bundle)
    return _run(handler, args)
