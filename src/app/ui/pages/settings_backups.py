"""The Sao lưu dữ liệu box of Cài đặt: where the backups are, how many, the newest; back up
now, restore from a chosen backup, open the folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.paths import backup_dir_for
from app.ui.context import AppContext
from app.ui.ops import DbOp


class BackupActions:
    """The backups part of :class:`~app.ui.pages.settings.SettingsPage` (a mixin: the page
    is the QWidget, holds ``ctx`` and makes buttons)."""

    ctx: AppContext
    backup_text: QLabel

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        raise NotImplementedError

    def _backup_box(self) -> QGroupBox:
        backup = QGroupBox("Sao lưu dữ liệu")
        b = QVBoxLayout(backup)
        b.addWidget(self.backup_text)
        row = QHBoxLayout()
        row.addWidget(self._button("Sao lưu ngay", self.on_backup_clicked))
        row.addWidget(self._button("Khôi phục từ bản sao lưu…", self.on_restore_clicked))
        row.addWidget(self._button("Mở thư mục sao lưu", self.on_open_backups_clicked))
        row.addStretch(1)
        b.addLayout(row)
        return backup

    def _show_backups(self) -> None:
        from app.backup import list_backups

        folder = backup_dir_for(self.ctx.db.path)
        backups = list_backups(self.ctx.db.path)
        last = (
            f"bản gần nhất {backups[0].taken_at:%d/%m/%Y %H:%M}" if backups else "chưa có bản nào"
        )
        self.backup_text.setText(
            f"Thư mục sao lưu: {folder}<br>{len(backups)} bản sao lưu, {last}.<br>"
            "Chương trình tự sao lưu khi đóng và trước mỗi lần nâng cấp, khôi phục "
            "hoặc nhập dữ liệu."
        )

    def on_backup_clicked(self) -> None:
        from app.backup import make_backup

        path = self.ctx.db.path
        DbOp(self._widget(), lambda: make_backup(path, reason="manual")).success(
            lambda _p: self._show_backups()
        ).run()

    def on_restore_clicked(self) -> None:
        from app.ui.restore import restore_interactively

        chosen, _ = QFileDialog.getOpenFileName(
            self._widget(),
            "Chọn bản sao lưu",
            str(backup_dir_for(self.ctx.db.path)),
            "Bản sao lưu KH57 (*.sqlite3)",
        )
        if chosen:
            restore_interactively(self._widget(), self.ctx, chosen)
            self._show_backups()

    def on_open_backups_clicked(self) -> None:
        folder = backup_dir_for(self.ctx.db.path)
        Path(folder).mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _widget(self) -> QWidget:
        return cast(QWidget, self)  # the page this is mixed into
