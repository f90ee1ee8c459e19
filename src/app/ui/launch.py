"""Start the window: checks, recovery offer, first-run dialog, screenshot mode."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import APP_AUTHOR, APP_NAME
from app.errors import AppError, DatabaseCorruptError

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.db import Database
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


def launch(
    *, db_path: Path, screenshot: str | None = None, import_bundle: Path | None = None
) -> int:
    """Show the window at once, then open the database behind the first paint."""
    if screenshot and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        sys.stderr.write(NO_DISPLAY + "\n")
        return 1
    from PySide6.QtCore import QTimer

    app = start_application()
    window = create_window()
    window.show()
    if screenshot:
        if not finish_startup(window, db_path, interactive=False):
            return 1
        from app.ui.ops import DbOp

        app.processEvents()
        DbOp.wait_idle()
        ok = window.grab().save(screenshot)
        window.ctx.db.close()
        return 0 if ok else 1
    QTimer.singleShot(
        0,
        lambda: (
            finish_startup(window, db_path, interactive=True, ask_profile=import_bundle is None)
            and (import_bundle is None or import_bundle_on_start(window, import_bundle))
        ),
    )
    return int(app.exec())


def start_application() -> QApplication:
    """The QApplication with what the window needs before its first paint: names and the
    settings file. The error presenter, the log file, Vietnamese for Qt's own buttons and
    the icon follow right after the first paint (:func:`after_first_paint`)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    keep_window_settings_with_data()
    return app


def after_first_paint() -> None:
    """Start-up work no pixel waits for (each step is done once per process): the log
    file (logging.handlers pulls in socket and pickle), the error presenter (before it,
    an error goes to Qt's own handler and stderr), the Vietnamese translator of Qt's own
    buttons (no dialog can open before this) and the window icon."""
    from PySide6.QtWidgets import QApplication

    from app.logs import setup_logging
    from app.ui.errors import install_excepthook
    from app.ui.qt_vi import install_vietnamese_qt

    setup_logging()
    install_excepthook()
    install_vietnamese_qt()
    if QApplication.windowIcon().isNull():
        QApplication.setWindowIcon(app_icon())


def keep_window_settings_with_data() -> None:
    """Window layout and screen choices go to an INI file in the user data folder.

    Beside the database and settings.json (``kh57 where``), not in the Windows
    registry, so everything the program keeps is in one folder a backup or
    ``KH57_DATA_DIR`` covers.
    """
    from PySide6.QtCore import QSettings

    from app.paths import data_dir

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data_dir()))


def app_icon() -> QIcon:
    """The KH57 icon (``resources/icons/kh57*.png``, drawn by installer/make_icon.py)."""
    from PySide6.QtGui import QIcon

    from app.paths import resource_dir

    icon = QIcon()
    for png in sorted((resource_dir() / "icons").glob("kh57*.png")):
        icon.addFile(str(png))
    return icon


def import_bundle_on_start(window: MainWindow, path: Path) -> bool:
    """``kh57 --import-bundle FILE`` (opening a .kh57 file): import it into the inbox."""
    from PySide6.QtWidgets import QMessageBox

    from app.periods import period_words
    from app.ui.errors import show_error
    from app.ui.ops import DbOp

    def done(result: Any) -> None:
        if result.status == "duplicate":
            text = f"Gói báo cáo {path.name} đã có trong hộp thư đến, không nhập lại."
        else:
            text = (
                f"Đã nhập gói báo cáo của xã {result.commune}, {period_words(result.period)} "
                f"(lần gửi {result.revision}) vào hộp thư đến."
            )
        QMessageBox.information(window, "KH57", text)

    try:
        from app.services.inbox import import_bundle
    except ModuleNotFoundError:
        show_error(
            window,
            AppError("Phiên bản KH57 này chưa nhận được gói báo cáo; hãy cập nhật chương trình."),
        )
        return False
    DbOp(window, lambda: import_bundle(window.ctx.db, path)).success(done).run()
    return True


def create_window() -> MainWindow:
    """The main window without data: cheap, so it paints quickly."""
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    return MainWindow(AppContext(None))


def finish_startup(
    window: MainWindow, db_path: Path, *, interactive: bool, ask_profile: bool = True
) -> bool:
    """The rest of start-up, then the database (offering recovery), start-up backup, first-run
    dialog. Runs after the first paint, and starts with :func:`after_first_paint`.

    *ask_profile* False: the program was opened to import a ``.kh57`` bundle (a receiving
    office), which needs no commune details of its own; the dialog is not shown."""
    from app.ui.errors import show_error

    after_first_paint()

    try:
        db = open_database_for_ui(db_path, interactive=interactive)
    except AppError as exc:
        show_error(window if interactive else None, exc)
        window.close()
        return False
    if db is None:
        window.close()
        return False
    window.ctx.db = db
    window.attach_database()
    if interactive:
        from app.ui.outbox_worker import outbox_worker

        outbox_worker(window.ctx)  # mail left from the last session goes out when online
        if ask_profile:
            ask_profile_if_missing(window)
    return True


def open_database_for_ui(db_path: Path, *, interactive: bool) -> Database | None:
    from app.backup import backup_due, make_backup
    from app.ui.restore import open_or_recover

    db = open_or_recover(db_path, interactive=interactive)
    if db is not None and backup_due(db.path):
        try:
            make_backup(db.path, reason="daily")
        except AppError as exc:
            if interactive:
                from app.ui.errors import show_error

                show_error(None, exc)
    return db


def ask_profile_if_missing(window: MainWindow) -> None:
    from app.services.commune import get_profile, save_profile
    from app.ui.profile_dialog import ProfileDialog

    if get_profile(window.ctx.db) is not None:
        return
    dialog = ProfileDialog(None, window)
    if dialog.exec() and dialog.result_data is not None:
        window.ctx.changed.emit(save_profile(window.ctx.db, dialog.result_data))


def build_window(db_path: Path, *, interactive: bool) -> MainWindow | None:
    """A window with its database attached (used by tests and tools)."""
    window = create_window()
    return window if finish_startup(window, db_path, interactive=interactive) else None


__all__ = ["NO_DISPLAY", "DatabaseCorruptError", "build_window", "has_display", "launch"]
