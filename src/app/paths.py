"""Where the program keeps its data, backups, logs and settings (appdirs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import appdirs

from app import APP_AUTHOR, APP_NAME

DB_FILENAME = "kh57.sqlite3"


def data_dir() -> Path:
    override = os.environ.get("KH57_DATA_DIR")
    if override:
        return Path(override)
    return Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backup_dir_for(db_path: Path) -> Path:
    """Backups live beside the database in a ``backups`` folder."""
    return db_path.parent / "backups"


def log_dir() -> Path:
    override = os.environ.get("KH57_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(appdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def resource_dir() -> Path:
    """The ``resources/`` folder: inside the frozen bundle or the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
