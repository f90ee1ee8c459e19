"""Ghép cột: the officer says which column holds what, for tables the importer did not recognise.

One tab per :class:`~app.importing.UnrecognisedTable`: its first rows in a
grid, the kind of table, the header row and a combo per column. The result is
one :class:`~app.importing.ColumnMapping` per table, keyed by the table's
header signature (the import dialog remembers them once the import succeeds).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.importing import TARGET_PREFIX, ColumnMapping, TableKind, UnrecognisedTable
from app.ui.errors import show_error
from app.ui.widgets import Index

SKIP = ("", "— Bỏ qua —")
TASK_CHOICES = (
    SKIP,
    ("number", "Số TT"),
    ("name", "Tên nhiệm vụ"),
    ("lead", "Chủ trì"),
    ("cooperating", "Phối hợp"),
    ("result", "Kết quả/sản phẩm"),
    ("deadline", "Thời hạn"),
)
INDICATOR_BASE = (
    SKIP,
    ("number", "Số TT"),
    ("name", "Tên chỉ tiêu"),
    ("unit", "Đơn vị tính"),
    ("lead", "Chủ trì"),
    ("cooperating", "Phối hợp"),
)
KINDS: tuple[tuple[TableKind, str], ...] = (("tasks", "Nhiệm vụ"), ("indicators", "Chỉ tiêu"))
_YEAR = re.compile(r"\b(20\d\d)\b")
_NUMBERING = re.compile(r"[0-9IVXivx]+(\.[0-9]+)*\.?|[a-zđ][.)]")


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _years(table: UnrecognisedTable) -> list[str]:
    found = {y for row in table.preview for cell in row for y in _YEAR.findall(cell)}
    return sorted(found | {"2025", "2026", "2030"})


def guess_fields(table: UnrecognisedTable, kind: TableKind) -> dict[int, str]:
    """A first guess: numbering column, the longest text as name, the usual order after it."""
    data = [r for r in table.preview[table.header_row + 1 :] if any(r)]
    width = max((len(r) for r in table.preview), default=0)
    if not data or width < 2:
        return {}
    guess: dict[int, str] = {}
    first = [r[0] for r in data if r and r[0]]
    if first and sum(1 for t in first if _NUMBERING.fullmatch(t)) * 2 >= len(first):
        guess[0] = "number"
    lengths = [sum(len(r[c]) for r in data if c < len(r)) for c in range(width)]
    name = max((c for c in range(width) if c not in guess), key=lengths.__getitem__)
    guess[name] = "name"
    rest = ("lead", "cooperating", "result", "deadline") if kind == "tasks" else ("unit",)
    for col, field in zip(range(name + 1, width), rest, strict=False):
        guess[col] = field
    return guess


class PreviewModel(QAbstractTableModel):
    """The first rows of a table; header rows bold, rows above them greyed."""

    def __init__(self, table: UnrecognisedTable) -> None:
        super().__init__()
        self.rows = table.preview
        self.width = max((len(r) for r in table.preview), default=0)
        self.header_first, self.header_count = table.header_row, 1
        self.labels: dict[int, str] = {}

    def set_header(self, first: int, count: int) -> None:
        self.header_first, self.header_count = first, count
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.width - 1))

    def set_labels(self, labels: dict[int, str]) -> None:
        self.labels = labels
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.width - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.width

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        label = self.labels.get(section)
        return f"{column_letter(section)} · {label}" if label else column_letter(section)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        text = row[index.column()] if index.column() < len(row) else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        in_header = self.header_first <= index.row() < self.header_first + self.header_count
        if role == Qt.ItemDataRole.FontRole and in_header:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and in_header:
            return QBrush(QColor("#fff4c2"))
        if role == Qt.ItemDataRole.ForegroundRole and index.row() < self.header_first:
            return QBrush(QColor("#888888"))
        return None


class TableMappingPage(QWidget):
    def __init__(self, table: UnrecognisedTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.model = PreviewModel(table)
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, max(len(table.preview), 1))
        self.header_row.setValue(table.header_row + 1)
        self.header_rows = QSpinBox()
        self.header_rows.setRange(1, 3)
        self.combos: list[QComboBox] = []
        grid = QGridLayout()
        for col in range(self.model.width):
            cells = table.preview[table.header_row] if table.preview else ()
            header = cells[col] if col < len(cells) else ""
            caption = QLabel(f"Cột {column_letter(col)}" + (f" “{header}”" if header else ""))
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _i: self._update_labels())
            self.combos.append(combo)
            grid.addWidget(caption, col // 3 * 2, col % 3)
            grid.addWidget(combo, col // 3 * 2 + 1, col % 3)
        view = QTableView()
        view.setModel(self.model)
        view.setWordWrap(False)
        for col in range(self.model.width):
            view.setColumnWidth(col, 150)
        self.view = view
        options = QHBoxLayout()
        options.addWidget(QLabel("Bảng này là danh mục:"))
        options.addWidget(self.kind)
        options.addSpacing(16)
        options.addWidget(QLabel("Dòng tiêu đề:"))
        options.addWidget(self.header_row)
        options.addWidget(QLabel("Số dòng tiêu đề:"))
        options.addWidget(self.header_rows)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addLayout(grid)
        layout.addWidget(view, 1)
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_choices(guess=True))
        self.header_row.valueChanged.connect(lambda _v: self._update_header())
        self.header_rows.valueChanged.connect(lambda _v: self._update_header())
        self._fill_choices(guess=True)
        self._update_header()

    def current_kind(self) -> TableKind:
        return "indicators" if self.kind.currentData() == "indicators" else "tasks"

    def choices(self) -> list[tuple[str, str]]:
        if self.current_kind() == "tasks":
            return list(TASK_CHOICES)
        years = [(f"{TARGET_PREFIX}{y}", f"Mục tiêu năm {y}") for y in _years(self.table)]
        return [*INDICATOR_BASE, *years]

    def _fill_choices(self, *, guess: bool) -> None:
        fields = guess_fields(self.table, self.current_kind()) if guess else {}
        for col, combo in enumerate(self.combos):
            combo.blockSignals(True)
            combo.clear()
            for key, label in self.choices():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(fields.get(col, "")), 0))
            combo.blockSignals(False)
        self._update_labels()

    def set_field(self, col: int, field: str) -> None:
        index = self.combos[col].findData(field)
        if index < 0:
            raise KeyError(field)
        self.combos[col].setCurrentIndex(index)

    def _update_labels(self) -> None:
        self.model.set_labels(
            {c: cb.currentText() for c, cb in enumerate(self.combos) if cb.currentData()}
        )

    def _update_header(self) -> None:
        self.model.set_header(self.header_row.value() - 1, self.header_rows.value())

    def mapping(self) -> ColumnMapping:
        """The chosen mapping; ValidationError (naming this table) when it cannot work."""
        where = f"bảng “{self.table.source}”"
        columns: dict[str, int] = {}
        for col, combo in enumerate(self.combos):
            field = combo.currentData()
            if not field:
                continue
            if field in columns:
                raise ValidationError(
                    f"Cột {column_letter(columns[field])} và cột {column_letter(col)} của {where} "
                    f"cùng được chọn là “{combo.currentText()}”; mỗi mục chỉ chọn cho một cột.",
                    field=f"column:{col}",
                )
            columns[field] = col
        if "name" not in columns:
            what = "Tên nhiệm vụ" if self.current_kind() == "tasks" else "Tên chỉ tiêu"
            raise ValidationError(f"Hãy chọn cột “{what}” cho {where}.", field="column:0")
        # The remembered signature is that of the guessed header row: data starts
        # after the officer's header, counted from that row.
        data_start = self.header_row.value() - 1 + self.header_rows.value()
        span = data_start - self.table.header_row
        if span < 1:
            raise ValidationError(
                f"Dòng tiêu đề của {where} phải kết thúc ở dòng {self.table.header_row + 1} hoặc "
                "thấp hơn; hãy chọn lại dòng tiêu đề.",
                field="header_row",
            )
        return ColumnMapping(
            kind=self.current_kind(),
            columns=columns,
            header_row=self.table.header_row,
            header_rows=span,
        )


class MappingDialog(QDialog):
    """``result_mappings``: signature → ColumnMapping, once accepted."""

    def __init__(self, tables: tuple[UnrecognisedTable, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Ghép cột cho bảng chưa nhận ra")
        self.result_mappings: dict[str, ColumnMapping] = {}
        intro = QLabel(
            "Chương trình chưa nhận ra dòng tiêu đề của bảng dưới đây. Hãy chọn mỗi cột chứa "
            "nội dung gì (ít nhất là cột tên). Cách ghép sẽ được ghi nhớ cho các tệp có cùng "
            "tiêu đề sau khi nhập thành công."
        )
        intro.setWordWrap(True)
        self.tabs = QTabWidget()
        self.pages = [TableMappingPage(t) for t in tables]
        for page in self.pages:
            self.tabs.addTab(page, page.table.source)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Đọc lại với cách ghép này")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)

    def check(self) -> dict[str, ColumnMapping]:
        out: dict[str, ColumnMapping] = {}
        for i, page in enumerate(self.pages):
            try:
                out[page.table.signature] = page.mapping()
            except ValidationError:
                self.tabs.setCurrentIndex(i)
                raise
        return out

    def accept(self) -> None:
        try:
            self.result_mappings = self.check()
        except ValidationError as exc:
            show_error(self, exc)
            page = self.pages[self.tabs.currentIndex()]
            field = exc.field or ""
            if field.startswith("column:"):
                page.combos[int(field.split(":")[1])].setFocus()
            else:
                page.header_row.setFocus()
            return
        super().accept()
