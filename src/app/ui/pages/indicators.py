"""Chỉ tiêu screen: the indicators of the current plan with a target column per milestone year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
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

from app.db import Database
from app.services import Changes
from app.services.indicator_edit import (
    DeletedIndicators,
    IndicatorInput,
    add_indicator,
    delete_indicators,
    indicator_input_of,
    restore_indicators,
    update_indicator,
)
from app.services.plans import IndicatorRow, list_indicators
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.widgets import (
    ChangeRunner,
    Index,
    PlanPicker,
    RowFilterProxy,
    SearchBox,
    busy_cursor,
    number_key,
    run_busy,
    show_number,
    text_key,
)
from app.vntext import fold


@dataclass(frozen=True, slots=True)
class IndicatorData:
    rows: list[IndicatorRow]
    years: list[str]
    haystacks: list[str]


def prepare(rows: list[IndicatorRow]) -> IndicatorData:
    years = sorted({y for r in rows for y in r.targets})
    haystacks = [
        fold(" ".join((r.group or "", r.code, r.name, r.unit, r.lead, r.cooperating))) for r in rows
    ]
    return IndicatorData(rows, years, haystacks)


class IndicatorsModel(QAbstractTableModel):
    """Columns: Nhóm, Mã, Chỉ tiêu, Đơn vị tính, Mục tiêu <year>…, Chủ trì, Phối hợp."""

    FIXED = ("Nhóm", "Mã", "Chỉ tiêu", "Đơn vị tính")
    TAIL = ("Chủ trì", "Phối hợp")

    def __init__(self) -> None:
        super().__init__()
        self.data_set = IndicatorData([], [], [])
        self.order: list[int] = []
        self._keys: dict[int, list[Any]] = {}
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_data(self, data: IndicatorData) -> None:
        self.data_set = data
        self._keys = {}
        if self.sort_column >= self.columnCount():
            self.sort_column = -1
        self._rebuild()

    @property
    def headers(self) -> tuple[str, ...]:
        return self.FIXED + tuple(f"Mục tiêu {y}" for y in self.data_set.years) + self.TAIL

    def _cell(self, row: IndicatorRow, column: int) -> str:
        n_fixed, years = len(self.FIXED), self.data_set.years
        if column < n_fixed:
            return (row.group or "", row.code, row.name, row.unit)[column]
        if column < n_fixed + len(years):
            target = row.targets.get(years[column - n_fixed])
            return target.text if target else ""
        return (row.lead, row.cooperating)[column - n_fixed - len(years)]

    def _key(self, column: int) -> Callable[[int], Any]:
        rows, n_fixed, years = self.data_set.rows, len(self.FIXED), self.data_set.years
        if column in (0, 1):
            return lambda i: (number_key(self._cell(rows[i], column)), i)
        if n_fixed <= column < n_fixed + len(years):
            year = years[column - n_fixed]

            def target_key(i: int) -> Any:
                t = rows[i].targets.get(year)
                value = t.value if t is not None else None
                return (value is None, value or 0.0, text_key(t.text if t else ""), i)

            return target_key
        return lambda i: (text_key(self._cell(rows[i], column)), i)

    def _rebuild(self) -> None:
        self.beginResetModel()
        indexes = list(range(len(self.data_set.rows)))
        if self.sort_column >= 0:
            keys = self._keys.get(self.sort_column)
            if keys is None:
                keys = self._keys[self.sort_column] = [
                    self._key(self.sort_column)(i) for i in indexes
                ]
            descending = self.sort_order == Qt.SortOrder.DescendingOrder
            indexes.sort(key=keys.__getitem__, reverse=descending)
        self.order = indexes
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self._rebuild()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.data_set.rows[self.order[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cell(row, column)
            if role == Qt.ItemDataRole.ToolTipRole and self._is_target(column):
                return self._target_tip(row, column)
            return text
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and (column < 2 or self._is_target(column)):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _is_target(self, column: int) -> bool:
        return len(self.FIXED) <= column < len(self.FIXED) + len(self.data_set.years)

    def _target_tip(self, row: IndicatorRow, column: int) -> str:
        target = row.targets.get(self.data_set.years[column - len(self.FIXED)])
        if target is None or not target.text:
            return ""
        if target.op is None:
            return f"{target.text} (chỉ tiêu định tính)"
        return f"{target.text} — đọc là {target.op} {show_number(target.value)}"

    def source_index(self, row: int) -> int:
        return self.order[row]


class IndicatorsPage(ChangeRunner, QWidget):
    CHANGES = Changes(indicators=True, units=True, reports=True)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = IndicatorsModel()
        self.undo_stack = QUndoStack(self)
        self.last_status = ""
        self._select_id: int | None = None
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.picker = PlanPicker(ctx)
        self.search = SearchBox("Tìm chỉ tiêu, đơn vị… (Ctrl+F)")
        self.search.install_shortcut(self)
        self.search.search.connect(lambda _t: self.apply_filter())
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.on_sort)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel("Kế hoạch:"))
        top.addWidget(self.picker, 1)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        self._make_actions()
        buttons = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.delete_action):
            button = QPushButton(action.text().rstrip("…"))
            button.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch()
        self.empty = QLabel("Chưa có kế hoạch nào. Hãy nhập kế hoạch ở màn hình Kế hoạch (Ctrl+I).")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Chỉ tiêu</h2>"))
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        ctx.plan_selected.connect(lambda _pid: self.reload())
        ctx.changed.connect(self.on_changed)
        self.reload()

    def on_changed(self, changes: Changes) -> None:
        if changes.indicators or changes.plans:
            self.reload()

    def reload(self) -> None:
        plan_id = self.ctx.current_plan_id
        self.empty.setVisible(plan_id is None)
        self.table.setVisible(plan_id is not None)
        if plan_id is None:
            self._show(IndicatorData([], [], []))
            return
        db = self.ctx.db
        run_busy(self, lambda: prepare(list_indicators(db, plan_id)), self._show)

    def _show(self, data: IndicatorData) -> None:
        self.model.set_data(data)
        header = self.table.horizontalHeader()
        widths = [44, 44, 300, 90] + [90] * len(data.years) + [150, 130]
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(0, not any(r.group for r in data.rows))
        lead_col = 4 + len(data.years)  # Chủ trì, then Phối hợp: hidden when the plan has none
        self.table.setColumnHidden(lead_col, not any(r.lead for r in data.rows))
        self.table.setColumnHidden(lead_col + 1, not any(r.cooperating for r in data.rows))
        self.apply_filter()
        if self._select_id is not None:
            for row in range(self.proxy.rowCount()):
                if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == self._select_id:
                    self.table.selectRow(row)
            self._select_id = None

    def apply_filter(self) -> None:
        words = fold(self.search.text()).split()
        if not words:
            self.proxy.set_predicate(None)
        else:
            model = self.model
            self.proxy.set_predicate(
                lambda r: all(w in model.data_set.haystacks[model.order[r]] for w in words)
            )
        total = len(self.model.data_set.rows)
        self.count_label.setText(f"{self.proxy.rowCount()}/{total} chỉ tiêu")

    def on_sort(self, column: int, order: Qt.SortOrder) -> None:
        busy_cursor(lambda: self.model.sort(column, order))
        self.apply_filter()

    # -------------------------------------------------------------- editing

    @property
    def db(self) -> Database:
        return self.ctx.db

    def _make_actions(self) -> None:
        def add(action: QAction, keys: list[str], table_only: bool) -> None:
            action.setShortcuts([QKeySequence(k) for k in keys])
            context = Qt.ShortcutContext
            action.setShortcutContext(
                context.WidgetShortcut if table_only else context.WidgetWithChildrenShortcut
            )
            (self.table if table_only else self).addAction(action)

        self.add_action = QAction("Thêm chỉ tiêu…", self)
        self.add_action.triggered.connect(self.add_new)
        add(self.add_action, ["Ctrl+N"], False)
        self.edit_action = QAction("Sửa chỉ tiêu…", self)
        self.edit_action.triggered.connect(self.edit_current)
        add(self.edit_action, ["Return", "F2"], True)
        self.delete_action = QAction("Xoá chỉ tiêu đã chọn", self)
        self.delete_action.triggered.connect(self.delete_selected)
        add(self.delete_action, ["Delete"], True)
        self.undo_action = self.undo_stack.createUndoAction(self, "Hoàn tác")
        add(self.undo_action, ["Ctrl+Z"], False)
        self.redo_action = self.undo_stack.createRedoAction(self, "Làm lại")
        add(self.redo_action, ["Ctrl+Y", "Ctrl+Shift+Z"], False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.add_action, self.edit_action, self.undo_action, self.redo_action):
            self.table.addAction(action)

    def selected_ids(self) -> list[int]:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection else []
        ids = [self.proxy.mapToSource(ix).data(Qt.ItemDataRole.UserRole) for ix in rows]
        return [i for i in ids if i is not None]

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        indicator_id = self.proxy.mapToSource(index).data(Qt.ItemDataRole.UserRole)
        if indicator_id is not None:
            self.edit_indicator(int(indicator_id))

    def edit_current(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.edit_indicator(ids[0])

    def edit_indicator(self, indicator_id: int) -> None:
        from app.ui.indicator_dialog import IndicatorDialog

        try:
            before = indicator_input_of(self.db, indicator_id)
        except Exception as exc:
            show_error(self, exc)
            self.reload()
            return
        dialog = IndicatorDialog(before, self)
        self.dialog = dialog  # reachable from tests
        after = dialog.result_data if dialog.exec() else None
        if after is not None and after != before:
            self.undo_stack.push(EditIndicatorCommand(self, indicator_id, before, after))

    def add_new(self) -> None:
        from app.ui.indicator_dialog import IndicatorDialog

        plan_id = self.ctx.current_plan_id
        if plan_id is None:
            self.set_status("Hãy chọn hoặc nhập một kế hoạch trước.")
            return
        ids = self.selected_ids()
        rows = self.model.data_set.rows
        after = ids[-1] if ids else (rows[-1].id if rows else None)
        dialog = IndicatorDialog(IndicatorInput("", ""), self, title="Thêm chỉ tiêu")
        self.dialog = dialog
        if dialog.exec() and dialog.result_data is not None:
            self.undo_stack.push(AddIndicatorCommand(self, plan_id, after, dialog.result_data))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.set_status("Hãy chọn chỉ tiêu cần xoá.")
            return
        self.undo_stack.push(DeleteIndicatorsCommand(self, ids))

    def select_after_reload(self, indicator_id: int | None) -> None:
        self._select_id = indicator_id


# ------------------------------------------------------------------ undoable commands


class _Command(QUndoCommand):
    def __init__(self, page: IndicatorsPage, text: str) -> None:
        super().__init__(text)
        self.page = page

    def failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


class EditIndicatorCommand(_Command):
    def __init__(
        self, page: IndicatorsPage, indicator_id: int, before: IndicatorInput, after: IndicatorInput
    ) -> None:
        super().__init__(page, f"Sửa chỉ tiêu {after.code}".strip())
        self.indicator_id, self.before, self.after = indicator_id, before, after

    def _save(self, data: IndicatorInput, message: str) -> None:
        db, indicator_id = self.page.db, self.indicator_id
        self.page.select_after_reload(indicator_id)
        self.page.run_change(
            lambda: update_indicator(db, indicator_id, data), lambda _c: message, self.failed
        )

    def redo(self) -> None:
        self._save(self.after, "Đã lưu chỉ tiêu. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        self._save(self.before, "Đã hoàn tác sửa chỉ tiêu.")


class AddIndicatorCommand(_Command):
    def __init__(
        self, page: IndicatorsPage, plan_id: int, after_id: int | None, data: IndicatorInput
    ) -> None:
        super().__init__(page, "Thêm chỉ tiêu")
        self.plan_id, self.after_id, self.data = plan_id, after_id, data
        self.indicator_id: int | None = None

    def redo(self) -> None:
        db, plan_id, after_id, data = self.page.db, self.plan_id, self.after_id, self.data

        def work() -> int:
            self.indicator_id = add_indicator(db, plan_id, after_indicator_id=after_id, data=data)
            return self.indicator_id

        def message(new_id: int) -> str:
            self.page.select_after_reload(new_id)
            return "Đã thêm chỉ tiêu. Bấm Ctrl+Z để hoàn tác."

        self.page.run_change(work, message, self.failed)

    def undo(self) -> None:
        db = self.page.db

        def work() -> None:
            if self.indicator_id is not None:
                delete_indicators(db, [self.indicator_id])
                self.indicator_id = None

        self.page.run_change(work, lambda _r: "Đã hoàn tác thêm chỉ tiêu.")


class DeleteIndicatorsCommand(_Command):
    def __init__(self, page: IndicatorsPage, ids: list[int]) -> None:
        super().__init__(page, f"Xoá {len(ids)} chỉ tiêu")
        self.ids = ids
        self.deleted: DeletedIndicators | None = None

    def redo(self) -> None:
        db, ids = self.page.db, list(self.ids)

        def work() -> DeletedIndicators:
            self.deleted = delete_indicators(db, ids)
            return self.deleted

        def message(deleted: DeletedIndicators) -> str:
            extra = f" (kèm {deleted.result_count} kết quả)" if deleted.result_count else ""
            return f"Đã xoá {deleted.count} chỉ tiêu{extra}. Bấm Ctrl+Z để hoàn tác."

        self.page.run_change(work, message, self.failed)

    def undo(self) -> None:
        db = self.page.db

        def work() -> tuple[int, ...]:
            if self.deleted is None:
                return ()
            restored = restore_indicators(db, self.deleted)
            self.ids = list(restored)
            return restored

        self.page.run_change(work, lambda ids: f"Đã khôi phục {len(ids)} chỉ tiêu đã xoá.")
