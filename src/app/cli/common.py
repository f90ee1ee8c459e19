"""What every ``kh57`` command shares: the JSON printer, the database and the period key."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Handler = Callable[[argparse.Namespace], Any]


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _db_path(args: argparse.Namespace) -> Path:
    from app.paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def _open(args: argparse.Namespace) -> Any:
    from app.db import open_database

    return open_database(_db_path(args))


def _json_rows(args: argparse.Namespace, fetch: Callable[[Any], Iterable[Any]]) -> list[Any]:
    """Every row ``fetch`` reads from the database, as JSON; the database is closed after."""
    db = _open(args)
    try:
        return [row.to_json() for row in fetch(db)]
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


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
