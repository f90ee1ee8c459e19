"""Sending commands (issue 6): report bundles, the inbox and the outbox."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import _json_rows, _open, _period_key, _print_json
from app.errors import AppError


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

    return _json_rows(args, list_inbox)


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
