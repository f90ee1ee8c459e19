"""Gửi báo cáo by e-mail: choosing the receiving bodies, queueing the report in the outbox,
writing an .eml for the computer's own mail program, retrying failed mail."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services import Changes
from app.services.mail_settings import MailSettings, load_mail_settings
from app.services.outbox import (
    SendReport,
    export_eml,
    queue_email,
    retry_failed,
    write_item_eml,
)
from app.ui.context import AppContext
from app.ui.errors import message_for, show_error
from app.ui.ops import DbOp
from app.ui.pages.sending_models import ID_ROLE

if TYPE_CHECKING:
    from app.ui.outbox_worker import OutboxWorker


class RecipientsDialog(QDialog):
    """Tick the receiving bodies (from Cài đặt → Thư điện tử) that get this report."""

    def __init__(self, settings: MailSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chọn nơi nhận báo cáo")
        self.list = QListWidget()
        for body in settings.bodies:
            item = QListWidgetItem(f"{body.name} — {', '.join(body.addresses)}")
            item.setData(ID_ROLE, body.addresses)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Gửi báo cáo tới:"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def addresses(self) -> list[str]:
        out: list[str] = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out += [a for a in item.data(ID_ROLE) if a not in out]
        return out


class MailActions:
    """The e-mail buttons of :class:`~app.ui.pages.sending.OutgoingTab` (a mixin: the tab is
    the QWidget, holds the tables, the worker and says which report is chosen)."""

    ctx: AppContext
    worker: OutboxWorker
    outbox_table: QTableView
    mail_status: QLabel

    def _selected(self, table: QTableView) -> int | None:
        raise NotImplementedError

    def _report_id(self) -> int | None:
        raise NotImplementedError

    def say(self, text: str, *, error: bool = False) -> None:
        raise NotImplementedError

    def _widget(self) -> QWidget:
        return cast(QWidget, self)  # the tab this is mixed into

    def _recipients(self) -> tuple[MailSettings, list[str]] | None:
        settings = load_mail_settings(self.ctx.db)
        if not settings.configured or not settings.bodies:
            show_error(
                self._widget(),
                ValidationError(
                    "Chưa cài đặt thư điện tử hoặc chưa có nơi nhận, hãy vào Cài đặt → Thư điện "
                    "tử để nhập máy chủ thư, người gửi và địa chỉ nơi nhận."
                ),
            )
            return None
        dialog = RecipientsDialog(settings, self._widget())
        if not dialog.exec():
            return None
        return settings, dialog.addresses()

    def on_email_clicked(self) -> None:
        report_id = self._report_id()
        chosen = self._recipients() if report_id is not None else None
        if report_id is None or chosen is None:
            return
        db, addresses = self.ctx.db, chosen[1]
        DbOp(self._widget(), lambda: queue_email(db, report_id, addresses)).success(
            self._queued
        ).run()

    def _queued(self, _item_id: int) -> None:
        self.say("Đã đưa báo cáo vào hộp thư đi; chương trình tự gửi khi có mạng.")
        self.ctx.changed.emit(Changes(outbox=True, reports=True))
        self.worker.send_now()

    def on_eml_clicked(self) -> None:
        report_id = self._report_id()
        chosen = self._recipients() if report_id is not None else None
        if report_id is None or chosen is None:
            return
        db, (settings, addresses) = self.ctx.db, chosen
        folder = Path(db.path).parent / "thu-nhap"
        os.makedirs(folder, exist_ok=True)
        DbOp(
            self._widget(),
            lambda: export_eml(db, report_id, addresses, folder, sender=settings.sender),
        ).success(lambda r: self._open_eml(r.path)).run()

    def _open_eml(self, path: Path) -> None:
        self.say(f"Đã tạo thư {path.name}; chương trình thư của máy sẽ mở để anh/chị gửi.")
        self.ctx.changed.emit(Changes(reports=True))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def on_retry_clicked(self) -> None:
        item_id = self._selected(self.outbox_table)
        if item_id is None:
            return
        db = self.ctx.db
        DbOp(self._widget(), lambda: retry_failed(db, item_id)).success(self._retried).run()

    def _retried(self, changes: Changes) -> None:
        self.ctx.changed.emit(changes)
        self.worker.send_now()

    def on_item_eml_clicked(self) -> None:
        item_id = self._selected(self.outbox_table)
        if item_id is None:
            return
        db = self.ctx.db
        sender = load_mail_settings(db).sender or "kh57@localhost"
        folder = Path(db.path).parent / "thu-nhap"
        os.makedirs(folder, exist_ok=True)
        DbOp(self._widget(), lambda: write_item_eml(db, item_id, folder, sender=sender)).success(
            self._open_eml
        ).run()

    def on_worker_finished(self, result: object) -> None:
        if isinstance(result, BaseException):
            self.mail_status.setText(f"Chưa gửi được: {message_for(result)}")
        elif isinstance(result, SendReport):
            if result.offline:
                self.mail_status.setText("Chưa kết nối được máy chủ thư; sẽ tự thử lại sau.")
            else:
                self.mail_status.setText(f"Vừa gửi {len(result.sent)} thư.")
