"""Command line (DESIGN.md §3, contract): JSON on stdout, Vietnamese errors on stderr.

Exit status: 0 success, 1 an application error (one sentence on stderr),
2 a usage error. Heavy modules are imported inside the commands that need
them, so that ``kh57`` opens its window quickly.

The commands live in ``plans``, ``reports`` and ``bundles``; the parser and
``main`` (the ``kh57`` console script) in ``entry``.
"""

from __future__ import annotations

from app.cli.bundles import cmd_bundle, cmd_inbox_import, cmd_inbox_list, cmd_outbox, cmd_verify
from app.cli.common import Handler, _db_path, _iso, _json_rows, _open, _period_key, _print_json
from app.cli.entry import _build_parser, _VersionAction, log, main
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
from app.cli.reports import _report_json, cmd_progress, cmd_report, cmd_value

__all__ = [
    "Handler",
    "_VersionAction",
    "_build_parser",
    "_db_path",
    "_iso",
    "_json_rows",
    "_open",
    "_period_key",
    "_print_json",
    "_report_json",
    "cmd_backup",
    "cmd_bundle",
    "cmd_export",
    "cmd_import",
    "cmd_inbox_import",
    "cmd_inbox_list",
    "cmd_indicators",
    "cmd_outbox",
    "cmd_parse_deadline",
    "cmd_plans",
    "cmd_print_plan",
    "cmd_progress",
    "cmd_report",
    "cmd_restore",
    "cmd_self_test",
    "cmd_tasks",
    "cmd_value",
    "cmd_verify",
    "cmd_where",
    "log",
    "main",
]
