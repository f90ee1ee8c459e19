"""Opening the database with a recovery offer, and restoring a chosen backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.backup import newest_good_backup, restore_backup
from app.db import Database, open_database
from app.errors import AppError, DatabaseCorruptError
from app.services import Changes
from app.ui.context import AppContext
from app.ui.errors import show_error


def open_or_recover(db_path: Path, *, interactive: bool) -> Database | None:
    try:
        return open_database(db_path)
    except DatabaseCorruptError as exc:
        if not interactive:
            raise
        good = newest_good_backup(db_path)
        if good is None:
            show_error(None, exc)
            return None
        answer = QMessageBox.question(
            None,
            "Tệp dữ liệu bị hỏng",
            f"{exc.message}\n\nKhôi phục bản sao lưu tốt gần nhất "
            f"({good.taken_at:%d/%m/%Y %H:%M})? Tệp hỏng sẽ được giữ lại trong thư mục sao lưu.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        restore_backup(db_path, good.path)
        return open_database(db_path)


def restore_interactively(parent: QWidget, ctx: AppContext, path: str) -> None:
    answer = QMessageBox.question(
        parent,
        "Khôi phục dữ liệu",
        "Dữ liệu hiện tại sẽ được thay bằng bản sao lưu đã chọn (dữ liệu hiện tại được "
        "sao lưu trước). Tiếp tục?",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    db_path = ctx.db.path
    ctx.db.close()
    restored = False
    try:
        restore_backup(db_path, Path(path))
        restored = True
    except AppError as exc:
        show_error(parent, exc)
    ctx.db = open_database(db_path)
    # everything may differ after a restore, reports, outbox and inbox included
    ctx.changed.emit(
        Changes(
            plans=True,
            tasks=True,
            indicators=True,
            units=True,
            profile=True,
            reports=True,
            outbox=True,
            inbox=True,
        )
    )
    if restored:
        from app.ui.widgets import show_status

        show_status(parent, f"Đã khôi phục dữ liệu từ bản sao lưu {Path(path).name}.", 15000)
