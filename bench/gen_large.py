"""Build the large database of the scale bench (issue 8) in bulk.

Run: .venv/bin/python bench/gen_large.py [PATH] [--plans N] [--tasks N] [--years N]
Default PATH is ``$TMPDIR/kh57-large/kh57.sqlite3`` (replaced if present).
Prints what was written and how long it took.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from app.robustness import generate_large_db, stats_dict

DEFAULT = Path(tempfile.gettempdir()) / "kh57-large" / "kh57.sqlite3"


def build(
    path: Path, *, plans: int = 200, tasks: int = 20_000, years: int = 10
) -> dict[str, float]:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    stats = generate_large_db(path, plans=plans, tasks=tasks, years=years)
    out: dict[str, float] = {**stats_dict(stats), "seconds": time.perf_counter() - started}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    figures = build(args.path, plans=args.plans, tasks=args.tasks, years=args.years)
    print(f"database: {args.path}")
    for key, value in figures.items():
        print(f"  {key:20} {value:,.1f}" if key == "seconds" else f"  {key:20} {int(value):,}")


if __name__ == "__main__":
    main()
