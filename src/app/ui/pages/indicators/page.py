"""Chỉ tiêu screen: the indicators of the current plan with a target column per milestone year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import AppError, NotFoundError
from app.services import Changes
from app.services.indicator_edit import (
    IndicatorInput,
    check_input,
    indicator_groups,
    indicator_input_of,
)
from app.services.plans import list_indicators
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.pages.indicators.commands import (
    AddIndicatorCommand,
    DeleteIndicatorsCommand,
    EditIndicatorCommand,
    MoveIndicatorCommand,
)
from app.ui.pages.indicators.model import TARGET_PREFIX, IndicatorData, IndicatorsModel, prepare
from app.ui.widgets import (
    ChangeRunner,
    PlanPicker,
    RowFilterProxy,
    SearchBox,
    busy_cursor,
    run_busy,
)
from app.vntext import clean_cell, fold

__all__ = ["IndicatorsModel", "IndicatorsPage", "prepare"]


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
        self.group_filter = self._combo("Mọi nhóm")
        self.unit_filter = self._combo("Mọi đơn vị")
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
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.EditKeyPressed | triggers.AnyKeyPressed)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.model.cell_edited.connect(self.on_model_cell_edited)
        top = QHBoxLayout()
        top.addWidget(QLabel("Kế hoạch:"))
        top.addWidget(self.picker, 1)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Nhóm:"))
        filters.addWidget(self.group_filter, 2)
        filters.addWidget(QLabel("Chủ trì:"))
        filters.addWidget(self.unit_filter, 1)
        filters.addStretch()
        self._make_actions()
        buttons = QHBoxLayout()
        for action in (
            self.add_action,
            self.edit_action,
            self.delete_action,
            self.up_action,
            self.down_action,
        ):
            button = QPushButton(action.text().rstrip("…"))
            button.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch()
        self.empty = QLabel("Chưa có kế hoạch nào. Hãy nhập kế hoạch ở màn hình Kế hoạch (Ctrl+I).")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Chỉ tiêu</h2>"))
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        ctx.plan_selected.connect(lambda _pid: self.reload())
        ctx.changed.connect(self.on_changed)
        self.reload()

    def _combo(self, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

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
        run_busy(
            self,
            lambda: prepare(list_indicators(db, plan_id), indicator_groups(db, plan_id)),
            self._show,
        )

    def _show(self, data: IndicatorData) -> None:
        groups = [(label, " ".join(x for x in (label, title) if x)) for label, title in data.groups]
        _refill(self.group_filter, groups)
        _refill(self.unit_filter, [(key, name) for key, name in data.units])
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
        group, unit = self.group_filter.currentData(), self.unit_filter.currentData()
        if not words and group is None and unit is None:
            self.proxy.set_predicate(None)
        else:
            self.proxy.set_predicate(self._predicate(words, group, unit))
        total = len(self.model.data_set.rows)
        self.count_label.setText(f"{self.proxy.rowCount()}/{total} chỉ tiêu")

    def _predicate(
        self, words: list[str], group: str | None, unit: str | None
    ) -> Callable[[int], bool]:
        model = self.model

        def accept(row: int) -> bool:
            i = model.order[row]
            data = model.data_set
            if group is not None and data.rows[i].group != group:
                return False
            if unit is not None and unit not in data.lead_keys[i]:
                return False
            return all(w in data.haystacks[i] for w in words)

        return accept

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
        add(self.edit_action, ["Return"], True)  # F2 edits the cell in place
        self.delete_action = QAction("Xoá chỉ tiêu đã chọn", self)
        self.delete_action.triggered.connect(self.delete_selected)
        add(self.delete_action, ["Delete"], True)
        self.up_action = QAction("Lên", self)
        self.up_action.triggered.connect(lambda: self.move_current(-1))
        add(self.up_action, ["Ctrl+Up"], True)
        self.down_action = QAction("Xuống", self)
        self.down_action.triggered.connect(lambda: self.move_current(1))
        add(self.down_action, ["Ctrl+Down"], True)
        self.undo_action = self.undo_stack.createUndoAction(self, "Hoàn tác")
        add(self.undo_action, ["Ctrl+Z"], False)
        self.redo_action = self.undo_stack.createRedoAction(self, "Làm lại")
        add(self.redo_action, ["Ctrl+Y", "Ctrl+Shift+Z"], False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.add_action, self.edit_action, self.undo_action, self.redo_action):
            self.table.addAction(action)

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

    def on_model_cell_edited(self, indicator_id: int, field: str, text: str) -> None:
        """Runs once the cell editor has closed (a message box must not open inside it)."""
        QTimer.singleShot(0, self, lambda: self.edit_cell(indicator_id, field, text))

    def edit_cell(self, indicator_id: int, field: str, text: str) -> None:
        """Save one cell edited in place as an undoable edit of the whole indicator."""
        try:
            before = indicator_input_of(self.db, indicator_id)
            after = _with_cell(before, field, clean_cell(text))
            check_input(after)
        except AppError as exc:
            show_error(self, exc)
            if isinstance(exc, NotFoundError):
                self.reload()
            return
        if after != before:
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

    def move_current(self, delta: int) -> None:
        """Ctrl+Up/Ctrl+Down: one row up or down in plan order (whatever the sort shown)."""
        ids = self.selected_ids()
        if len(ids) != 1:
            self.set_status("Hãy chọn một chỉ tiêu để chuyển lên hoặc xuống.")
            return
        order = [r.id for r in self.model.data_set.rows]
        index = order.index(ids[0]) + delta
        if not 0 <= index < len(order):
            self.set_status("Chỉ tiêu đã ở " + ("đầu" if delta < 0 else "cuối") + " danh sách.")
            return
        self.undo_stack.push(MoveIndicatorCommand(self, ids[0], delta))

    def select_after_reload(self, indicator_id: int | None) -> None:
        self._select_id = indicator_id


def _with_cell(data: IndicatorInput, field: str, text: str) -> IndicatorInput:
    """*data* with one in-place edited field changed (``target:YYYY``: that year's target)."""
    if field == "name":
        return replace(data, name=text)
    if field == "unit":
        return replace(data, unit=text)
    if field == "lead":
        return replace(data, lead=text)
    if field == "cooperating":
        return replace(data, cooperating=text)
    year = int(field.removeprefix(TARGET_PREFIX))
    targets = dict(data.targets)
    targets[year] = text
    return replace(data, targets=tuple(sorted(targets.items())))


def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace the choices after the first ("Mọi …"), keeping the current one if still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for key, label in items:
        combo.addItem(label, key)
    found = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)
