"""Child process for the outbox kill test: runs send_due until the parent kills it."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from app.db import open_database
from app.services.outbox import send_due
from sending_support import smtp_settings


def main(path: str, port: str) -> None:
    db = open_database(Path(path))
    sys.stdout.write("start\n")
    sys.stdout.flush()
    report = send_due(db, smtp_settings(int(port)), None, datetime.now(UTC))
    sys.stdout.write(f"done {len(report.sent)}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
