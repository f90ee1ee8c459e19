"""Opened to import a .kh57 bundle, a fresh program does not ask for commune details."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from app.ui.launch import create_window, finish_startup
from app.ui.ops import DbOp
from app.ui.profile_dialog import ProfileDialog


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    monkeypatch.setattr(ProfileDialog, "exec", lambda dialog: opened.append("hỏi") or 0)
    monkeypatch.setattr(DbOp, "inline", True)
    return opened


@pytest.mark.parametrize(("ask_profile", "expected"), [(False, []), (True, ["hỏi"])])
def test_first_run_profile_only_when_not_opened_for_a_bundle(
    qtbot: Any, tmp_path: Path, asked: list[str], ask_profile: bool, expected: list[str]
) -> None:
    window = create_window()
    qtbot.addWidget(window)
    ok = finish_startup(
        window, tmp_path / "nhan.sqlite3", interactive=True, ask_profile=ask_profile
    )
    assert ok and window.ctx.has_db
    assert asked == expected
    # what follows the first paint is in place: the error presenter and Qt in Vietnamese
    from app.ui import errors, qt_vi

    assert sys.excepthook is errors._excepthook and qt_vi._installed
    window.ctx.db.close()
