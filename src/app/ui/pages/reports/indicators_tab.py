"""Tab "Kết quả chỉ tiêu": values typed in place, attainment against the milestone year."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.progress_entry import (
    IndicatorResultRow,
    ResultInput,
    heading_flags,
    indicator_results,
    record_result,
)
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports.common import (
    DONE_COLOUR,
    LATE_COLOUR,
    RowsModel,
    RowsProxy,
    number_key,
    remember_header,
)

Index = QModelIndex | QPersistentModelIndex
ACTUAL, VERDICT, SOURCE = 5, 6, 7
VERDICTS = ("", "Đạt", "Chưa đạt")


def is_qualitative(row: IndicatorResultRow) -> bool:
    return row.target_op is None or row.target_value is None


class IndicatorResultModel(RowsModel[IndicatorResultRow]):
    HEADERS = (
        "Mã",
        "Chỉ tiêu",
        "Đơn vị",
        "Mục tiêu (năm)",
        "Kết quả kỳ trước",
        "Kết quả kỳ này",
        "Đánh giá",
        "Nguồn",
    )
    edited = Signal(object, int, str)  # row, column, new text
    headings: frozenset[int] = frozenset()  #: indicator ids of heading rows ("1" over "1.1" …)

    def set_rows(self, rows: list[IndicatorResultRow]) -> None:
        flags = heading_flags(rows)
        self.headings = frozenset(r.indicator_id for r, h in zip(rows, flags, strict=True) if h)
        super().set_rows(rows)

    def display(self, row: IndicatorResultRow, column: int) -> str:
        if row.indicator_id in self.headings:
            return (row.code, row.name)[column] if column < 2 else ""
        target = row.target_text or "—"
        if row.target_year:
            target = f"{target} ({row.target_year})"
        verdict = "" if row.attainment == "—" and not row.actual_text else row.attainment
        return (
            row.code,
            row.name,
            row.unit,
            target,
            row.previous_text,
            row.actual_text,
            verdict,
            row.source,
        )[column]

    def tooltip(self, row: IndicatorResultRow, column: int) -> str | None:
        if column == ACTUAL and row.warning:
            return row.warning
        if column == ACTUAL:
            return "Gõ số với dấu phẩy thập phân (ví dụ 85,5) hoặc ghi kết quả bằng chữ."
        if column == VERDICT and is_qualitative(row):
            return "Mục tiêu định tính: chọn Đạt hoặc Chưa đạt."
        return super().tooltip(row, column)

    def extra(self, row: IndicatorResultRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.indicator_id in self.headings:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column == ACTUAL and row.warning:
            style = QApplication.style()
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ForegroundRole and column == VERDICT:
            colour = {"Đạt": DONE_COLOUR, "Chưa đạt": LATE_COLOUR}.get(row.attainment)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        row = self.rows[index.row()]
        if row.indicator_id in self.headings:
            return base  # a heading has no value of its own
        if index.column() in (ACTUAL, SOURCE) or (
            index.column() == VERDICT and is_qualitative(row)
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, text = self.rows[index.row()], str(value or "").strip()
        if text == self.display(row, index.column()):
            return False
        if index.column() == ACTUAL:
            shown = replace(row, actual_text=text)
        elif index.column() == VERDICT:
            shown = replace(row, attainment=text or "—")
        else:
            shown = replace(row, source=text)
        self.rows[index.row()] = shown  # shown at once; the reload brings the computed verdict
        self.dataChanged.emit(index, index)
        self.edited.emit(row, index.column(), text)
        return True

    def sort_value(self, row: IndicatorResultRow, column: int) -> Any:
        if column == 0:
            return number_key(row.code)
        return super().sort_value(row, column)


class VerdictDelegate(QStyledItemDelegate):
    """A combo of Đạt / Chưa đạt for qualitative targets."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(["(chưa đánh giá)", *VERDICTS[1:]])
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(VERDICTS.index(text) if text in VERDICTS else 0)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, VERDICTS[editor.currentIndex()], Qt.ItemDataRole.EditRole)


class IndicatorsTab(QWidget):
    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id: int | None = None
        self.period_key = ""
        self.model = IndicatorResultModel()
        self.model.edited.connect(self.on_model_edited)
        self.proxy = RowsProxy(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setItemDelegateForColumn(VERDICT, VerdictDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        for col, width in enumerate((48, 380, 80, 130, 110, 120, 90, 160)):
            self.table.setColumnWidth(col, width)
        remember_header(self.table.horizontalHeader(), "reports/indicators/header")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Lọc theo mã, tên chỉ tiêu… (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_query)
        hint = QLabel(
            "Gõ kết quả trực tiếp vào cột “Kết quả kỳ này” (F2 hoặc bấm đúp để sửa); "
            "số thập phân dùng dấu phẩy, ví dụ 85,5."
        )
        hint.setWordWrap(True)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def set_period(self, plan_id: int | None, period_key: str) -> None:
        self.plan_id, self.period_key = plan_id, period_key
        self.refresh()

    def refresh(self) -> None:
        plan_id, key = self.plan_id, self.period_key
        if plan_id is None or not key:
            self._show(key, [])
            return
        DbOp(self, lambda: indicator_results(self.ctx.db, plan_id, key)).success(
            lambda rows: self._show(key, rows)
        ).run()

    def _show(self, key: str, rows: list[IndicatorResultRow]) -> None:
        if key != self.period_key:
            return
        # a saved result reloads the rows: keep the officer's cell and scroll position,
        # else the next figure typed goes to a search on the Mã column
        current = self.table.currentIndex()
        keep = None
        if current.isValid():
            source_row = self.proxy.mapToSource(current).row()
            keep = (self.model.rows[source_row].indicator_id, current.column())
        scroll = self.table.verticalScrollBar().value()
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        if keep is not None:
            self.select_cell(*keep)
            self.table.verticalScrollBar().setValue(scroll)
        measured = [r for r in rows if r.indicator_id not in self.model.headings]
        reached = sum(1 for r in measured if r.attainment == "Đạt")
        missed = sum(1 for r in measured if r.attainment == "Chưa đạt")
        warned = sum(1 for r in measured if r.warning)
        text = f"{len(measured)} chỉ tiêu · {reached} đạt · {missed} chưa đạt"
        self.summary.setText(text + (f" · {warned} cần kiểm tra lại" if warned else ""))

    def select_cell(self, indicator_id: int, column: int) -> None:
        for i, row in enumerate(self.model.rows):
            if row.indicator_id == indicator_id:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(i, column)))
                return

    def on_model_edited(self, row: IndicatorResultRow, column: int, text: str) -> None:
        judged = row.attainment if is_qualitative(row) and row.attainment != "—" else ""
        data = ResultInput(
            actual_text=text if column == ACTUAL else row.actual_text,
            judged=text if column == VERDICT else judged,
            source=text if column == SOURCE else row.source,
            note=row.note,
        )
        key, ind_id = self.period_key, row.indicator_id
        DbOp(
            self,
            lambda: record_result(self.ctx.db, indicator_id=ind_id, period_key=key, data=data),
        ).success(self.changed.emit).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        from app.ui import errors

        errors.show_error(self, exc)
        self.refresh()
