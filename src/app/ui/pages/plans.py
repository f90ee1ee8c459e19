"""Kế hoạch: the list of plans with their task and indicator counts, and plan import.

Selecting a plan makes it the current plan (``ctx.select_plan``); a double
click opens its tasks. "Nhập kế hoạch…" (Ctrl+I) asks for a file and opens
the import dialog, which writes nothing until the officer confirms.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Changes
from app.services.plans import PlanRow, list_plans
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.widgets import RowsModel

Index = QModelIndex | QPersistentModelIndex


class PlansModel(RowsModel[PlanRow]):
    HEADERS = ("Số, ký hiệu", "Trích yếu", "Xã", "Nhiệm vụ", "Chỉ tiêu")

    def display(self, row: PlanRow, column: int) -> str:
        return str((row.number, row.title, row.commune, row.tasks, row.indicators)[column])

    def extra(self, row: PlanRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PlansPage(QWidget):
    plan_activated = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = PlansModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.empty = QLabel(
            "Chưa có kế hoạch nào. Bấm “Nhập kế hoạch…” để đọc phụ lục Excel hoặc văn bản Word "
            "mà xã đã có."
        )
        self.empty.setWordWrap(True)
        self.import_button = QPushButton("Nhập kế hoạch…")
        self.import_button.setShortcut("Ctrl+I")
        self.import_button.clicked.connect(self.on_import_clicked)
        self.import_button.setToolTip(
            "Đọc kế hoạch từ tệp Excel (.xlsx) hoặc Word (.docx) (Ctrl+I)"
        )
        self.new_button = QPushButton("Kế hoạch mới…")
        self.new_button.setToolTip("Một kế hoạch trống, hoặc bản sao của một kế hoạch đã có")
        new_menu = QMenu(self.new_button)
        self.new_blank_action = new_menu.addAction("Kế hoạch trống…")
        self.new_blank_action.triggered.connect(self.on_new_blank)
        self.copy_action = new_menu.addAction("Sao chép từ kế hoạch…")
        self.copy_action.triggered.connect(self.on_copy_plan)
        self.new_button.setMenu(new_menu)
        self.edit_button = QPushButton("Sửa thông tin…")
        self.edit_button.setToolTip("Số, ký hiệu, trích yếu, ngày ban hành, căn cứ, người ký (F2)")
        self.edit_button.setShortcut("F2")
        self.edit_button.clicked.connect(self.on_edit_clicked)
        self.print_button = QPushButton("Xem trước và in…")
        self.print_button.setToolTip(
            "Kế hoạch và các phụ lục theo thể thức Nghị định 30/2020 (Ctrl+P)"
        )
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.on_print_clicked)
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Các phụ lục chỉ tiêu và nhiệm vụ ra tệp Excel (.xlsx)")
        self.export_button.clicked.connect(self.on_export_clicked)
        self.delete_button = QPushButton("Xoá kế hoạch")
        self.delete_button.clicked.connect(self.on_delete_clicked)
        buttons = QHBoxLayout()
        for button in (
            self.import_button,
            self.new_button,
            self.edit_button,
            self.print_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Kế hoạch</h2>"))
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        ctx.changed.connect(self.on_changed)
        ctx.plan_selected.connect(self.follow)
        self.refresh()

    # -------------------------------------------------------------- selection

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        if current.isValid():
            self.ctx.select_plan(self.model.rows[current.row()].id)

    def _update_buttons(self) -> None:
        """The buttons acting on one plan are greyed while no plan is chosen."""
        chosen = self.table.currentIndex().isValid()
        for button in (self.edit_button, self.print_button, self.export_button, self.delete_button):
            button.setEnabled(chosen)

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        plan_id = self.model.rows[index.row()].id
        self.ctx.select_plan(plan_id)
        self.plan_activated.emit(plan_id)
        self.ctx.navigate.emit("Nhiệm vụ")

    def follow(self, plan_id: int) -> None:
        for row, plan in enumerate(self.model.rows):
            if plan.id == plan_id and self.table.currentIndex().row() != row:
                self.table.selectRow(row)

    # -------------------------------------------------------------- import

    def on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp kế hoạch",
            "",
            "Kế hoạch (*.xlsx *.docx);;Bảng tính Excel (*.xlsx);;Văn bản Word (*.docx)",
        )
        if path:
            self.open_import(Path(path))

    def open_import(self, path: Path) -> bool:
        """Preview and (when confirmed) import *path*; True when the plan was written."""
        from app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, path, self)
        self.import_dialog = dialog  # reachable from tests
        return bool(dialog.exec())

    # -------------------------------------------------------------- new plan

    def on_new_blank(self) -> None:
        from app.services.plan_copy import NEW_PLAN_CHANGES, create_blank_plan
        from app.services.plan_info import PlanInfo
        from app.ui.plan_dialog import PlanDialog

        commune = ""
        if self.model.rows:
            commune = self.model.rows[-1].commune
        dialog = PlanDialog(PlanInfo(number="", title="", commune=commune), self)
        dialog.setWindowTitle("Kế hoạch mới")
        if dialog.exec() and dialog.result_data is not None:
            data = dialog.result_data
            DbOp(self, lambda: create_blank_plan(self.ctx.db, data)).success(
                lambda plan_id: self._created(plan_id, NEW_PLAN_CHANGES)
            ).run()

    def on_copy_plan(self) -> None:
        from dataclasses import replace

        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from app.services.plan_copy import NEW_PLAN_CHANGES, copy_plan
        from app.services.plan_info import get_plan_info
        from app.ui.plan_dialog import PlanDialog

        rows = self.model.rows
        if not rows:
            QMessageBox.information(
                self,
                "Sao chép kế hoạch",
                "Chưa có kế hoạch nào để sao chép; hãy nhập hoặc tạo một kế hoạch trước.",
            )
            return
        labels = [f"{r.number or '(chưa có số)'} – {r.title}" for r in rows]
        current = self._current_id()
        start = next((k for k, r in enumerate(rows) if r.id == current), len(rows) - 1)
        label, ok = QInputDialog.getItem(
            self, "Sao chép từ kế hoạch", "Kế hoạch cần sao chép:", labels, start, False
        )
        if not ok or label not in labels:
            return
        source_id = rows[labels.index(label)].id
        info = replace(
            get_plan_info(self.ctx.db, source_id),
            number="",
            issue_date=None,
            status="draft",
        )
        dialog = PlanDialog(info, self)
        dialog.setWindowTitle("Kế hoạch mới (sao chép)")
        if dialog.exec() and dialog.result_data is not None:
            data = dialog.result_data
            DbOp(
                self,
                lambda: copy_plan(
                    self.ctx.db, source_id, title=data.title, number=data.number, info=data
                ),
            ).success(lambda plan_id: self._created(plan_id, NEW_PLAN_CHANGES)).run()

    def _created(self, plan_id: int, changes: Changes) -> None:
        self.ctx.changed.emit(changes)
        self.ctx.select_plan(plan_id)
        self.follow(plan_id)

    # -------------------------------------------------------------- plan actions

    def _current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()].id if index.isValid() else None

    def on_edit_clicked(self) -> None:
        from app.services.plan_info import get_plan_info, update_plan_info
        from app.ui.plan_dialog import PlanDialog

        plan_id = self._current_id()
        if plan_id is None:
            return
        dialog = PlanDialog(get_plan_info(self.ctx.db, plan_id), self)
        if dialog.exec() and dialog.result_data is not None:
            data = dialog.result_data
            DbOp(self, lambda: update_plan_info(self.ctx.db, plan_id, data)).success(
                self.ctx.changed.emit
            ).run()

    def on_print_clicked(self) -> None:
        from app.services.documents import plan_pdf
        from app.ui.preview import open_preview

        plan_id = self._current_id()
        if plan_id is None:
            return
        open_preview(
            self,
            title="Xem trước kế hoạch",
            make_pdf=lambda: plan_pdf(self.ctx.db, plan_id),
            suggested_name=f"ke-hoach-{plan_id}.pdf",
        )

    def on_export_clicked(self) -> None:
        from app.services.plan_export import export_plan_xlsx
        from app.ui.widgets import show_status

        plan_id = self._current_id()
        if plan_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Xuất phụ lục ra Excel", f"phu-luc-ke-hoach-{plan_id}.xlsx", "Excel (*.xlsx)"
        )
        if path:
            DbOp(self, lambda: export_plan_xlsx(self.ctx.db, plan_id, Path(path))).success(
                lambda out: show_status(self, f"Đã xuất các phụ lục ra tệp {out}")
            ).run()

    def on_delete_clicked(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.services.plan_info import delete_plan

        index = self.table.currentIndex()
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        answer = QMessageBox.question(
            self,
            "Xoá kế hoạch",
            f"Xoá kế hoạch “{row.title}” cùng {row.tasks} nhiệm vụ, {row.indicators} chỉ tiêu và "
            "các báo cáo của nó? Dữ liệu được sao lưu trước khi xoá, có thể khôi phục từ "
            "Tệp → Khôi phục từ bản sao lưu.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.current_plan_id = None
            DbOp(self, lambda: delete_plan(self.ctx.db, row.id)).success(
                self.ctx.changed.emit
            ).run()

    def on_changed(self, changes: Changes) -> None:
        if changes.plans or changes.tasks or changes.indicators:
            self.refresh()

    def refresh(self) -> None:
        DbOp(self, lambda: list_plans(self.ctx.db)).success(self._show).run()

    def _show(self, rows: list[PlanRow]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if self.ctx.current_plan_id is not None:
            self.follow(self.ctx.current_plan_id)
        elif rows:
            self.ctx.select_plan(rows[-1].id)
        self._update_buttons()
