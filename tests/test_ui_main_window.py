"""The main window offscreen: screens, About box, screenshot, remembered layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.ui.context import AppContext
from app.ui.main_window import SCREENS, MainWindow
from app.ui.ops import DbOp
from qt_support import settings_in


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)


def test_main_window_shows_every_screen_and_saves_screenshot(qtbot, db, tmp_path: Path) -> None:
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    assert "KH57" in window.windowTitle()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [t for t, _ in SCREENS]
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        assert window.stack.currentIndex() == i
    shot = tmp_path / "main.png"
    assert window.grab().save(str(shot))
    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 500
    assert str(db.path) in window.about_text()
    assert "backups" in window.about_text()


def test_window_geometry_is_remembered(qtbot, db) -> None:
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.resize(701, 511)
    window.nav.setCurrentRow(4)
    window.close()
    again = MainWindow(AppContext(db))
    qtbot.addWidget(again)
    assert again.size().width() == 701
    assert again.nav.currentRow() == 4


def test_screenshot_command_writes_png(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "w.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            str(tmp_path / "x.sqlite3"),
            "--screenshot",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() > 0


def test_damaged_database_errors_point_to_restore() -> None:
    import sqlite3

    from sqlalchemy.exc import DatabaseError

    from app.errors import ValidationError
    from app.ui.errors import DAMAGED, UNEXPECTED, message_for

    raw = sqlite3.DatabaseError("database disk image is malformed")
    wrapped = DatabaseError("SELECT 1", {}, raw)
    assert message_for(raw) == DAMAGED
    assert message_for(wrapped) == DAMAGED
    assert message_for(sqlite3.IntegrityError("UNIQUE")) == UNEXPECTED
    assert message_for(KeyError("x")) == UNEXPECTED
    assert message_for(ValidationError("Hãy nhập tên xã.")) == "Hãy nhập tên xã."
