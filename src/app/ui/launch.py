"""Start the window: checks, recovery offer, first-run dialog, screenshot mode."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import APP_AUTHOR, APP_NAME
from app.errors import AppError, DatabaseCorruptError

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

NO_DISPLAY = (
    "Máy này không có màn hình đồ hoạ nên không mở được cửa sổ KH57; "
    "hãy chạy `kh57 --screenshot TỆP.png` để vẽ cửa sổ chính ra ảnh."
)


def has_display() -> bool:
    if sys.platform.startswith(("win", "darwin")):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal", "vnc"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch(*, db_path: Path, screenshot: str | None = None) -> int:
    if screenshot and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        sys.stderr.write(NO_DISPLAY + "\n")
        return 1
    from PySide6.QtWidgets import QApplication

    from app.logs import setup_logging
    from app.ui.errors import install_excepthook, show_error

    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    install_excepthook()
    try:
        window = build_window(db_path, interactive=screenshot is None)
    except AppError as exc:
        show_error(None, exc)
        return 1
    if window is None:
        return 1
    if screenshot:
        window.show()
        app.processEvents()
        ok = window.grab().save(screenshot)
        window.ctx.db.close()
        return 0 if ok else 1
    window.show()
    return int(app.exec())


def build_window(db_path: Path, *, interactive: bool) -> MainWindow | None:
    """Open the database (offering recovery), run start-up backup, make the window."""
    from app.backup import backup_due, make_backup
    from app.services.commune import get_profile, save_profile
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from app.ui.restore import open_or_recover

    db = open_or_recover(db_path, interactive=interactive)
    if db is None:
        return None
    if backup_due(db.path):
        try:
            make_backup(db.path, reason="daily")
        except AppError as exc:
            if interactive:
                from app.ui.errors import show_error

                show_error(None, exc)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    if interactive and get_profile(db) is None:
        from app.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(None, window)
        if dialog.exec() and dialog.result_data is not None:
            ctx.changed.emit(save_profile(db, dialog.result_data))
    return window


__all__ = ["NO_DISPLAY", "DatabaseCorruptError", "build_window", "has_display", "launch"]
