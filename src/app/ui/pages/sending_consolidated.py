"""Tổng hợp chỉ tiêu (receiving office): standard indicators × communes for one period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from app.services.consolidation import (
    NOT_REACHED,
    REACHED,
    ConsolidatedCell,
    ConsolidatedRow,
    ConsolidatedTable,
    average_text,
    cell_text,
    consolidated_indicators,
    consolidation_periods,
    write_consolidated_xlsx,
)
from app.ui.context import AppContext
from app.ui.errors import message_for
from app.ui.ops import DbOp

Index = QModelIndex | QPersistentModelIndex
FIXED = ("Mã", "Chỉ tiêu", "Đơn vị")
TOTALS = ("Đạt", "Chưa đạt", "Chưa có số liệu", "Bình quân")
COLOURS = {REACHED: "#dff0d8", NOT_REACHED: "#f9d6d5"}
ABSENT = "#eeeeee"
NAME_WIDTH = 440


class ConsolidatedModel(QAbstractTableModel):
    """Rows: catalogue codes; columns: code, name, unit, one per commune, then the totals."""

    def __init__(self) -> None:
        super().__init__()
        self.table: ConsolidatedTable | None = None

    def set_table(self, table: ConsolidatedTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    @property
    def communes(self) -> int:
        return len(self.table.communes) if self.table else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(FIXED) + self.communes + 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.table is None:
            return None
        if not 0 <= section < self.columnCount():
            return None
        k = section - len(FIXED)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(FIXED):
                return FIXED[section]
            if k < self.communes:
                return self.table.communes[k].label
            return TOTALS[k - self.communes]
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= k < self.communes:
            c = self.table.communes[k]
            plans = ", ".join(
                f"{number or 'chưa ghi số'} (lần {rev})"
                for number, rev in zip(c.plan_numbers, c.revisions, strict=True)
            )
            where = f"xã {c.commune}, {c.province}" if c.province else f"xã {c.commune}"
            return f"{where} — kế hoạch {plans}"
        return None

    def row_at(self, index: Index) -> ConsolidatedRow | None:
        if self.table is None or not index.isValid():
            return None
        return self.table.rows[index.row()]

    def cell_at(self, index: Index) -> tuple[bool, ConsolidatedCell | None]:
        """(is a commune column, its cell)."""
        row = self.row_at(index)
        k = index.column() - len(FIXED)
        if row is None or not 0 <= k < self.communes:
            return False, None
        return True, row.cells[k]

    def display(self, row: ConsolidatedRow, column: int) -> str:
        if column < len(FIXED):
            return (row.code, row.name, row.unit)[column]
        k = column - len(FIXED)
        if k < self.communes:
            return cell_text(row.cells[k])  # blank: not in that commune's plan
        totals = (str(row.reached), str(row.not_reached), str(row.no_data), average_text(row))
        return totals[k - self.communes]

    def data(self, index: Index, role: int = 0) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        commune, cell = self.cell_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if not commune:
                return row.name if index.column() == 1 else None
            if cell is None:
                return "Kế hoạch của xã không có chỉ tiêu này (hoặc chưa gắn mã)."
            return (
                f"Chỉ tiêu {cell.number} trong kế hoạch {cell.plan_number}: {cell.name}\n"
                f"Mục tiêu: {cell.target_text or '—'} · Kết quả: {cell.actual_text or '—'} "
                f"· {cell.attainment}"
            )
        if role == Qt.ItemDataRole.BackgroundRole and commune:
            if cell is None:
                return QBrush(QColor(ABSENT))
            colour = COLOURS.get(cell.attainment)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and commune and cell is None:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ConsolidatedTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.period = QComboBox()
        self.period.setMinimumContentsLength(18)
        self.period.currentIndexChanged.connect(lambda _i: self.load())
        self.export = QPushButton("Xuất Excel…")
        self.export.clicked.connect(lambda _checked=False: self.on_export_clicked())
        top = QHBoxLayout()
        top.addWidget(QLabel("Kỳ báo cáo:"))
        top.addWidget(self.period)
        top.addWidget(self.export)
        top.addStretch(1)
        self.model = ConsolidatedModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.empty = QLabel(
            "Chưa có gói báo cáo nào trong hộp thư đến. Khi các xã gửi báo cáo, bảng này cộng "
            "các chỉ tiêu dùng chung (có mã CS-…) của các xã trong cùng kỳ."
        )
        self.empty.setWordWrap(True)
        legend = QLabel(
            "Mỗi xã lấy gói báo cáo mới nhất (lần sửa sau thay lần trước). Ô xanh: đạt · "
            "ô đỏ: chưa đạt · ô xám để trống: kế hoạch của xã không có chỉ tiêu này (không "
            "tính vào “Chưa có số liệu”) · “—”: chưa có số liệu. Bình quân tính trên các xã có "
            "số liệu, với chỉ tiêu tính bằng %."
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        ctx.changed.connect(self.on_changed)
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.inbox:
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        DbOp(self, lambda: consolidation_periods(db)).success(self._periods).run()

    def _periods(self, periods: list[tuple[str, str]]) -> None:
        current = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for key, label in periods:
            self.period.addItem(label, key)
        keys = [key for key, _ in periods]
        self.period.setCurrentIndex(keys.index(current) if current in keys else 0)
        self.period.blockSignals(False)
        self.empty.setVisible(not periods)
        self.table.setVisible(bool(periods))
        self.export.setEnabled(bool(periods))
        self.load()

    def load(self) -> None:
        key = self.period.currentData()
        if not key:
            self.model.set_table(None)
            return
        db = self.ctx.db
        DbOp(self, lambda: consolidated_indicators(db, key)).success(self._show).failure(
            lambda exc: self.say(message_for(exc), error=True)
        ).run()

    def _show(self, table: ConsolidatedTable) -> None:
        self.model.set_table(table)
        if table.rows:  # sections exist only now: the name column wraps at a fixed width
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(1, NAME_WIDTH)
            self.table.resizeRowsToContents()
        if not table.rows:
            self.say(
                f"{table.period_label}: các gói đã nhận không có chỉ tiêu nào gắn mã chỉ tiêu "
                "dùng chung.",
                error=True,
            )
        else:
            self.say(
                f"{table.period_label}: {len(table.communes)} xã, {len(table.rows)} chỉ tiêu "
                "dùng chung."
            )

    def say(self, text: str, *, error: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {'#b3261e' if error else '#1b7f3b'}")

    def on_export_clicked(self) -> None:
        table = self.model.table
        if table is None:
            self.say("Chưa có bảng tổng hợp để xuất; hãy chọn kỳ báo cáo.", error=True)
            return
        name = f"Tong-hop-chi-tieu_{table.period_key}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, "Lưu bảng tổng hợp chỉ tiêu", name, "Bảng tính Excel (*.xlsx)"
        )
        if not path:
            return
        out = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        DbOp(self, lambda: write_consolidated_xlsx(table, out)).success(
            lambda p: self.say(f"Đã lưu {p.name} vào {p.parent}.")
        ).failure(lambda exc: self.say(message_for(exc), error=True)).run()
