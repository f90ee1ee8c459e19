"""Shared fixtures: fresh migrated databases made from one template file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"
SAMPLES = DATA / "samples"
SEEDS = DATA / "seeds"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user data folder from a test."""
    monkeypatch.setenv("KH57_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.db import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(path)
    db.close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "kh57.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(template_db, target)
    return target


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    from app.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody expected fails the test instead of hanging the suite.

    Tests that expect a dialog patch ``show_error`` or the dialog themselves.
    """
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(self: QDialog, *_args: object) -> int:
        text = self.text() if isinstance(self, QMessageBox) else self.windowTitle()
        raise AssertionError(f"unexpected modal dialog in a test: {text}")

    def refuse_static(*args: object, **_kw: object) -> int:
        raise AssertionError(f"unexpected message box in a test: {args[1:3]}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)
    for name in ("question", "information", "warning", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse_static))


@pytest.fixture(autouse=True)
def _plain_keyboard_after_each_test() -> Iterator[None]:
    """Qt keeps the modifiers of the last key event (QTest's Ctrl+Shift+Down leaves
    "Ctrl+Shift" held), so a later test's ``selectRow`` would extend or toggle the
    selection instead of replacing it. A plain key after each test lets go of them."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    QTest.keyClick(QWidget(), Qt.Key.Key_unknown)
