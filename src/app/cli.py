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


class _VersionAction(argparse.Action):
    """Prints the version; reading package metadata only when asked keeps start-up quick."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from app import version

        sys.stdout.write(f"KH57 {version()}\n")
        parser.exit()


def _build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="tệp dữ liệu")
    parser = argparse.ArgumentParser(
        prog="kh57", description="KH57 — kế hoạch và báo cáo chuyển đổi số cấp xã"
    )
    parser.add_argument("--db", metavar="PATH", default=None, help="tệp dữ liệu")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="phiên bản")
    parser.add_argument("--screenshot", metavar="FILE", help="vẽ cửa sổ chính ra tệp PNG rồi thoát")
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
    add("backup", cmd_backup, "sao lưu dữ liệu ngay")
    add("restore", cmd_restore, "khôi phục từ một bản sao lưu").add_argument("file")
    p_import = add("import", cmd_import, "nhập kế hoạch từ tệp Excel hoặc Word")
    p_import.add_argument("file")
    p_import.add_argument("--commune", default=None)
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

        return launch(db_path=_db_path(args), screenshot=args.screenshot)
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
