"""Plan commands: reading, importing, exporting and printing plans; data file upkeep."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import _db_path, _json_rows, _open


def cmd_parse_deadline(args: argparse.Namespace) -> Any:
    from app.deadlines import parse_deadline

    return parse_deadline(args.text).to_json()


def cmd_plans(args: argparse.Namespace) -> Any:
    from app.services.plans import list_plans

    return _json_rows(args, list_plans)


def cmd_tasks(args: argparse.Namespace) -> Any:
    from app.services.plans import list_tasks

    return _json_rows(args, lambda db: list_tasks(db, args.plan_id))


def cmd_indicators(args: argparse.Namespace) -> Any:
    from app.services.plans import list_indicators

    return _json_rows(args, lambda db: list_indicators(db, args.plan_id))


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


def cmd_export(args: argparse.Namespace) -> Any:
    from app.services.plan_export import export_plan

    db = _open(args)
    try:
        return export_plan(db, args.plan_id, Path(args.xlsx)).to_json()
    finally:
        db.close()


def cmd_self_test(_args: argparse.Namespace) -> Any:
    """Human-readable lines, not JSON: exits here with 0 only when every step passed."""
    from app.selftest import run_self_test

    raise SystemExit(run_self_test())
