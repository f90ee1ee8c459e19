"""Rotating log file in the user log directory; tracebacks go here, never to dialogs."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.paths import log_dir

_configured = False


def log_file() -> Path:
    return log_dir() / "kh57.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to ``kh57.log`` (1 MB × 5 files). Idempotent."""
    global _configured
    path = log_file()
    if _configured:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None  # a read-only profile must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True
    return path
