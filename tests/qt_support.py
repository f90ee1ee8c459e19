"""Helpers shared by the tests of Qt screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def settings_in(folder: Path) -> None:
    """Qt settings (window layout, remembered choices) go to an INI file under *folder*."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def type_in_cell(qtbot: Any, window: Any, table: Any, index: Any, text: str) -> str:
    """Open the in-place editor on *index* with F2 as an officer would, replace its text
    with *text* and press Enter; returns the text the editor opened with."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table, "F2 opened no editor"
    before = str(editor.text())
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return before
