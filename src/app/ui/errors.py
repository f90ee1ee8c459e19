"""The one place where errors reach the officer."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import AppError

log = logging.getLogger("app.ui")

UNEXPECTED = (
    "Chương trình gặp một lỗi không mong đợi. Dữ liệu đã lưu không bị ảnh hưởng; "
    "chi tiết đã được ghi vào tệp nhật ký, hãy gửi tệp đó cho cán bộ kỹ thuật."
)


DAMAGED = (
    "Một phần tệp dữ liệu bị hỏng nên không đọc được; hãy vào Tệp → Khôi phục từ bản sao lưu "
    "để lấy lại bản sao lưu gần nhất (dữ liệu hiện tại được giữ lại trước khi khôi phục)."
)


def _is_damaged_database(exc: BaseException) -> bool:
    import sqlite3

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.DatabaseError) and not isinstance(
            seen, sqlite3.IntegrityError | sqlite3.OperationalError
        ):
            return True
        orig = getattr(seen, "orig", None)  # SQLAlchemy wraps the driver's error
        seen = orig if isinstance(orig, BaseException) else seen.__cause__
    return False


def message_for(exc: BaseException) -> str:
    if isinstance(exc, AppError):
        return exc.message
    if _is_damaged_database(exc):
        return DAMAGED
    return UNEXPECTED


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show *exc* as one plain Vietnamese message; log unexpected ones with traceback."""
    if not isinstance(exc, AppError):
        log.error("Lỗi không mong đợi", exc_info=(type(exc), exc, exc.__traceback__))
    else:
        log.info("Thông báo lỗi: %s", exc.message)
    if QApplication.instance() is None:
        sys.stderr.write(message_for(exc) + "\n")
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("KH57")
    box.setText(message_for(exc))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    log.error("Lỗi không bắt được:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    try:
        show_error(QApplication.activeWindow(), exc)
    except Exception:  # the hook itself must never raise
        sys.stderr.write(UNEXPECTED + "\n")


def install_excepthook() -> None:
    sys.excepthook = _excepthook
