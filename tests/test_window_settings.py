"""Window layout is kept in the user data folder, beside the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from app.ui.launch import keep_window_settings_with_data


def test_window_settings_live_in_the_data_folder(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KH57_DATA_DIR", str(tmp_path))
    QCoreApplication.setOrganizationName("KH57")
    QCoreApplication.setApplicationName("KH57")
    keep_window_settings_with_data()
    settings = QSettings()
    settings.setValue("window/screen", "Báo cáo")
    settings.sync()
    assert Path(settings.fileName()).is_relative_to(tmp_path)
    assert "window" in Path(settings.fileName()).read_text(encoding="utf-8")
    assert QSettings().value("window/screen") == "Báo cáo"
