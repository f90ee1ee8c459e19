"""Kế hoạch: the list of plans with their task and indicator counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Changes
from app.services.plans import PlanRow, list_plans
from app.ui.context import AppContext
from app.ui.ops import DbOp

Index = QModelIndex | QPersistentModelIndex


class PlansModel(QAbstractTableModel):
    HEADERS = ("Số, ký hiệu", "Trích yếu", "Xã", "Nhiệm vụ", "Chỉ tiêu")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PlanRow] = []

    def set_rows(self, rows: list[PlanRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.number, row.title, row.commune, row.tasks, row.indicators)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
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
        self.table.doubleClicked.connect(
            lambda ix: self.plan_activated.emit(self.model.rows[ix.row()].id)
        )
        self.empty = QLabel(
            "Chưa có kế hoạch nào. Bấm “Nhập kế hoạch…” để đọc phụ lục Excel hoặc văn bản Word "
            "mà xã đã có."
        )
        self.empty.setWordWrap(True)
        self.import_button = QPushButton("Nhập kế hoạch…")
        self.import_button.setShortcut("Ctrl+I")
        self.import_button.setToolTip(
            "Đọc kế hoạch từ tệp Excel (.xlsx) hoặc Word (.docx) (Ctrl+I)"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Kế hoạch</h2>"))
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        ctx.changed.connect(self.on_changed)
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.plans or changes.tasks or changes.indicators:
            self.refresh()

    def refresh(self) -> None:
        DbOp(self, lambda: list_plans(self.ctx.db)).success(self._show).run()

    def _show(self, rows: list[PlanRow]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
