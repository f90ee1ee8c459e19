"""Helpers shared by the tests of Qt screens."""

from __future__ import annotations

from pathlib import Path


def settings_in(folder: Path) -> None:
    """Qt settings (window layout, remembered choices) go to an INI file under *folder*."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
