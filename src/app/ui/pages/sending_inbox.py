"""Hộp thư đến (receiving office): import bundles, see communes × periods, open a report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Changes
from app.services.inbox import FileResult, import_paths, inbox_document, list_inbox
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.sending_models import InboxGridModel


class InboxTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = InboxGridModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _ix: self.on_open_clicked())
        self.import_files = QPushButton("Nhập gói báo cáo…")
        self.import_files.clicked.connect(self.on_import_files_clicked)
        self.import_folder = QPushButton("Nhập cả thư mục…")
        self.import_folder.clicked.connect(self.on_import_folder_clicked)
        self.open_pdf = QPushButton("Xem báo cáo (PDF)")
        self.open_pdf.clicked.connect(self.on_open_clicked)
        buttons = QHBoxLayout()
        for b in (self.import_files, self.import_folder, self.open_pdf):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.empty = QLabel(
            "Chưa nhận gói báo cáo nào. Bấm “Nhập gói báo cáo…” để chọn các tệp .kh57 nhận qua "
            "USB hoặc thư điện tử; mỗi gói được kiểm tra toàn vẹn trước khi nhập."
        )
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        legend = QLabel("Ô xanh: nhận đúng hạn · ô cam: nhận muộn · “—”: chưa nhận.")
        legend.setStyleSheet("color: #555")
        layout.addWidget(legend)
        ctx.changed.connect(self.on_changed)
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.inbox:
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        DbOp(self, lambda: list_inbox(db)).success(self._show).run()

    def _show(self, rows: list[object]) -> None:
        self.model.set_rows(rows)  # type: ignore[arg-type]
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))

    def on_import_files_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Chọn gói báo cáo", "", "Gói báo cáo KH57 (*.kh57);;Mọi tệp (*)"
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def on_import_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục chứa gói báo cáo")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        db = self.ctx.db
        DbOp(self, lambda: import_paths(db, paths)).success(self._imported).run()

    def _imported(self, results: list[FileResult]) -> None:
        counts = {s: sum(1 for r in results if r.status == s) for s in ("imported", "duplicate")}
        rejected = [r for r in results if r.status == "rejected"]
        lines = [
            f"Đã nhập {counts['imported']} gói, {counts['duplicate']} gói đã có từ trước, "
            f"{len(rejected)} tệp bị từ chối."
        ]
        lines += [f"• {Path(r.file).name}: {r.error}" for r in rejected[:10]]
        if not results:
            lines = ["Không tìm thấy tệp .kh57 nào ở nơi đã chọn."]
        self.result.setText("\n".join(lines))
        colour = "#b3261e" if rejected else "#1b7f3b"
        self.result.setStyleSheet(f"color: {colour}")
        self.ctx.changed.emit(Changes(inbox=True))

    def on_open_clicked(self) -> None:
        row = self.model.cell(self.table.currentIndex())
        if row is None:
            self.result.setText("Hãy chọn một ô đã nhận báo cáo (ô có màu) rồi bấm “Xem báo cáo”.")
            return
        from app.ui.preview import open_preview

        db, inbox_id = self.ctx.db, row.id
        open_preview(
            self,
            title=f"Báo cáo xã {row.commune} — {row.period_label} (lần {row.revision})",
            make_pdf=lambda: inbox_document(db, inbox_id),
            suggested_name=f"{Path(row.source_name).stem or row.bundle_id}.pdf",
        )
