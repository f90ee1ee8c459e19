"""Gửi báo cáo: export a report's bundle to USB or a folder, e-mail it, and the inbox tab."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStorageInfo, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import Changes
from app.services.outbox import list_outbox
from app.services.submission import ExportResult, export_bundle, list_sendable
from app.ui.context import AppContext
from app.ui.errors import message_for
from app.ui.ops import DbOp
from app.ui.outbox_worker import outbox_worker
from app.ui.pages.sending_consolidated import ConsolidatedTab
from app.ui.pages.sending_inbox import InboxTab
from app.ui.pages.sending_mail import MailActions, RecipientsDialog
from app.ui.pages.sending_models import ID_ROLE, OutboxModel, ReportsModel

__all__ = [
    "Drive",
    "OutgoingTab",
    "RecipientsDialog",
    "SendingPage",
    "removable_drives",
]

_REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


@dataclass(frozen=True)
class Drive:
    root: Path
    label: str


def _windows_removable(root: str) -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root)) == 2  # DRIVE_REMOVABLE


def removable_drives() -> list[Drive]:
    """Mounted, ready, non-system volumes that look like USB sticks."""
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isValid() or not volume.isReady() or volume.isRoot():
            continue
        removable = (
            _windows_removable(root)
            if sys.platform == "win32"
            else root.startswith(_REMOVABLE_ROOTS)
        )
        if removable:
            free = volume.bytesAvailable() / 1024**3
            name = volume.displayName() or root
            drives.append(Drive(Path(root), f"{name} ({root}, còn trống {free:.1f} GB)"))
    return drives


class OutgoingTab(MailActions, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker = outbox_worker(ctx)
        self.worker.finished.connect(self.on_worker_finished)
        self._build_tables()
        self._build_labels()
        self._build_buttons()
        self._layout()
        ctx.changed.connect(self.on_changed)
        self.refresh()

    def _build_tables(self) -> None:
        self.reports = ReportsModel()
        self.report_table = self._table(self.reports, stretch=0)
        self.outbox = OutboxModel()
        self.outbox_table = self._table(self.outbox, stretch=OutboxModel.NOTE)
        # the subject gets a fixed share and the note (why sending failed) the rest, so the
        # reason is on screen instead of past a sideways scroll (cells show in full on hover)
        subject = OutboxModel.SUBJECT
        self.outbox_table.horizontalHeader().setSectionResizeMode(
            subject, QHeaderView.ResizeMode.Interactive
        )
        self.outbox_table.setColumnWidth(subject, 360)

    def _build_labels(self) -> None:
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mail_status = QLabel()
        self.mail_status.setWordWrap(True)
        self.mail_status.setStyleSheet("color: #555")

    def _build_buttons(self) -> None:
        self.usb = self._button("Xuất ra USB", self.on_usb_clicked)
        self.folder = self._button("Lưu vào thư mục…", self.on_folder_clicked)
        self.email = self._button("Gửi qua thư…", self.on_email_clicked)
        self.eml = self._button("Mở bằng chương trình thư…", self.on_eml_clicked)
        self.send_now = self._button("Gửi ngay", self.worker.send_now)
        self.retry = self._button("Gửi lại", self.on_retry_clicked)
        self.item_eml = self._button("Mở bằng chương trình thư", self.on_item_eml_clicked)

    def _table(self, model: Any, *, stretch: int) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _layout(self) -> None:
        top = QHBoxLayout()
        for b in (self.usb, self.folder, self.email, self.eml):
            top.addWidget(b)
        top.addStretch(1)
        reports = QGroupBox("Báo cáo — chọn một báo cáo rồi chọn cách gửi")
        box = QVBoxLayout(reports)
        box.addWidget(self.report_table)
        box.addLayout(top)
        box.addWidget(self.notice)
        outbox = QGroupBox("Hộp thư đi")
        obox = QVBoxLayout(outbox)
        obox.addWidget(self.outbox_table)
        row = QHBoxLayout()
        for b in (self.send_now, self.retry, self.item_eml):
            row.addWidget(b)
        row.addWidget(self.mail_status, 1)
        obox.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(reports, 1)
        layout.addWidget(outbox, 1)

    # ------------------------------------------------------------------ data

    def on_changed(self, changes: Changes) -> None:
        if changes.reports or changes.outbox or changes.plans or changes.profile:
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        DbOp(self, lambda: (list_sendable(db), list_outbox(db))).success(self._show).run()

    def _show(self, result: tuple[list[Any], list[Any]]) -> None:
        selected = self._selected(self.report_table)
        self.reports.set_rows(result[0])
        self.outbox.set_rows(result[1])
        for row, report in enumerate(result[0]):
            if report.report_id == selected or (selected is None and row == 0):
                self.report_table.selectRow(row)

    def _selected(self, table: QTableView) -> int | None:
        index = table.currentIndex()
        return table.model().data(index, ID_ROLE) if index.isValid() else None

    def _report_id(self) -> int | None:
        report_id = self._selected(self.report_table)
        if report_id is None:
            self.say("Hãy chọn một báo cáo trong danh sách trước.", error=True)
        return report_id

    def say(self, text: str, *, error: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {'#b3261e' if error else '#1b7f3b'}")

    # ------------------------------------------------------------------ USB and folders

    def on_usb_clicked(self) -> None:
        drives = removable_drives()
        if not drives:
            self.say(
                "Chưa thấy USB nào trên máy; hãy cắm USB rồi bấm lại, hoặc dùng “Lưu vào thư mục…”.",
                error=True,
            )
            return
        if len(drives) == 1:
            self.export_to(drives[0].root, "usb")
            return
        menu = QMenu(self)
        for drive in drives:
            menu.addAction(drive.label).setData(str(drive.root))
        chosen = menu.exec(self.usb.mapToGlobal(self.usb.rect().bottomLeft()))
        if chosen is not None:
            self.export_to(Path(chosen.data()), "usb")

    def on_folder_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục lưu gói báo cáo")
        if folder:
            self.export_to(Path(folder), "folder")

    def export_to(self, target: Path, channel: str) -> None:
        report_id = self._report_id()
        if report_id is None:
            return
        db = self.ctx.db
        self.say("Đang đóng gói và ghi báo cáo, xin chờ…")
        kind: Any = channel
        DbOp(self, lambda: export_bundle(db, report_id, target, channel=kind)).success(
            lambda r: self._exported(r, channel)
        ).failure(lambda exc: self.say(message_for(exc), error=True)).run()

    def _exported(self, result: ExportResult, channel: str) -> None:
        text = (
            f"Đã ghi {result.path.name} vào {result.path.parent} và đọc lại kiểm tra khớp "
            f"(SHA-256 {result.sha256[:12]}…)."
        )
        if channel == "usb":
            text += " Có thể rút USB ra an toàn."
        self.say(text)
        self.ctx.changed.emit(Changes(reports=True))


class SendingPage(QWidget):
    """Gửi báo cáo: the "Gửi đi" tab and the receiving office's "Hộp thư đến"."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outgoing = OutgoingTab(ctx)
        self.inbox = InboxTab(ctx)
        self.consolidated = ConsolidatedTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.outgoing, "Gửi đi")
        self.tabs.addTab(self.inbox, "Hộp thư đến")
        self.tabs.addTab(self.consolidated, "Tổng hợp chỉ tiêu")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Gửi báo cáo</h2>"))
        layout.addWidget(self.tabs)
