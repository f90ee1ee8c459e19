"""Nhiệm vụ screen: the tasks of the current plan, searchable, filterable, editable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
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
from app.services.group_edit import list_groups
from app.services.plan_edit import TaskInput
from app.services.plans import list_tasks
from app.services.task_edit import check_task_input, task_input_of
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.pages.tasks.commands import (
    AddTaskCommand,
    DeleteTasksCommand,
    EditTaskCommand,
    MoveTaskCommand,
)
from app.ui.pages.tasks.groups import GroupActions
from app.ui.pages.tasks.model import COLUMNS, TaskData, TaskLine, TasksModel, prepare
from app.ui.widgets import (
    ChangeRunner,
    PlanPicker,
    RowFilterProxy,
    SearchBox,
    busy_cursor,
    run_busy,
)
from app.vntext import clean_cell, fold

KIND_FILTERS = (
    ("once", "Một lần"),
    ("monthly", "Hằng tháng"),
    ("quarterly", "Hằng quý"),
    ("yearly", "Hằng năm"),
    ("continuous", "Thường xuyên"),
    ("conditional", "Có điều kiện"),
    ("done", "Đã hoàn thành"),
    ("unknown", "Chưa đọc được"),
)
DUE_FILTERS = (("all", "Mọi thời hạn"), ("overdue", "Quá hạn"), ("soon", "Sắp đến hạn (30 ngày)"))
WEIGHTS = (4, 30, 13, 11, 13, 9, 8, 10)
"""Share of the table width per column (TT … Trạng thái), never below MIN_WIDTHS."""
MIN_WIDTHS = (36, 200, 95, 85, 90, 75, 78, 100)


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class TasksPage(ChangeRunner, QWidget):
    CHANGES = Changes(tasks=True, units=True, reports=True)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_status = ""
        self.model = TasksModel()
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.undo_stack = QUndoStack(self)
        self._select_id: int | None = None
        self._build()
        self.model.modelReset.connect(self._after_reset)
        self.model.cell_edited.connect(self.on_model_cell_edited)
        ctx.plan_selected.connect(lambda _pid: self.reload())
        ctx.changed.connect(self.on_changed)
        self.reload()

    @property
    def db(self) -> Database:
        return self.ctx.db

    # -------------------------------------------------------------- layout

    def _build(self) -> None:
        self.picker = PlanPicker(self.ctx)
        self.search = SearchBox("Tìm nhiệm vụ, đơn vị, kết quả… (Ctrl+F)")
        self.search.install_shortcut(self)
        self.search.search.connect(lambda _t: self.apply_filter())
        self.unit_filter = QComboBox()
        self.unit_filter.setMinimumContentsLength(14)
        self.unit_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unit_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.due_filter = QComboBox()
        for key, label in DUE_FILTERS:
            self.due_filter.addItem(label, key)
        self.due_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.group_filter = self._combo("Mọi nhóm")
        self.kind_filter = self._combo("Mọi loại thời hạn")
        for key, label in KIND_FILTERS:
            self.kind_filter.addItem(label, key)
        self.status_filter = self._combo("Mọi trạng thái")
        self.count_label = QLabel()
        self.table = self._make_table()
        top = QHBoxLayout()
        top.addWidget(QLabel("Kế hoạch:"))
        top.addWidget(self.picker, 1)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(QLabel("Chủ trì:"))
        filters.addWidget(self.unit_filter, 1)
        filters.addWidget(self.due_filter)
        filters.addWidget(self.count_label)
        more = QHBoxLayout()
        more.addWidget(QLabel("Nhóm:"))
        more.addWidget(self.group_filter, 2)
        more.addWidget(self.kind_filter, 1)
        more.addWidget(self.status_filter, 1)
        more.addStretch()
        self.search.setMinimumWidth(220)
        self.empty = QLabel("Chưa có kế hoạch nào. Hãy nhập kế hoạch ở màn hình Kế hoạch (Ctrl+I).")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Nhiệm vụ</h2>"))
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self._make_actions()
        for action in (self.add_action, self.up_action, self.down_action):
            more.addWidget(self._button(action))

    def _combo(self, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text())
        button.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
        button.clicked.connect(action.trigger)
        return button

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        triggers = QAbstractItemView.EditTrigger
        table.setEditTriggers(triggers.EditKeyPressed | triggers.AnyKeyPressed)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.on_sort)
        header.setStretchLastSection(True)
        table.installEventFilter(self)
        table.doubleClicked.connect(self.on_table_double_clicked)
        return table

    def _make_actions(self) -> None:
        """Delete/Enter act on the table only (the search box keeps its own keys);
        undo/redo work anywhere on the screen."""

        def add(action: QAction, keys: list[QKeySequence], owner: QWidget) -> None:
            action.setShortcuts(keys)
            context = Qt.ShortcutContext
            table_only = owner is self.table
            action.setShortcutContext(
                context.WidgetShortcut if table_only else context.WidgetWithChildrenShortcut
            )
            owner.addAction(action)

        self.edit_action = QAction("Sửa nhiệm vụ…", self)
        self.edit_action.triggered.connect(self.edit_current)
        add(self.edit_action, [QKeySequence("Return")], self.table)  # F2 edits the cell
        self.delete_action = QAction("Xoá nhiệm vụ đã chọn", self)
        self.delete_action.triggered.connect(self.delete_selected)
        add(self.delete_action, [QKeySequence(QKeySequence.StandardKey.Delete)], self.table)
        self.add_action = QAction("Thêm nhiệm vụ", self)
        self.add_action.triggered.connect(self.add_new)
        add(self.add_action, [QKeySequence("Ctrl+N")], self)
        self.up_action = QAction("Lên", self)
        self.up_action.triggered.connect(lambda: self.move_current(-1))
        add(self.up_action, [QKeySequence("Ctrl+Up")], self.table)
        self.down_action = QAction("Xuống", self)
        self.down_action.triggered.connect(lambda: self.move_current(1))
        add(self.down_action, [QKeySequence("Ctrl+Down")], self.table)
        self.undo_action = self.undo_stack.createUndoAction(self, "Hoàn tác")
        add(self.undo_action, [QKeySequence(QKeySequence.StandardKey.Undo)], self)
        self.redo_action = self.undo_stack.createRedoAction(self, "Làm lại")
        add(self.redo_action, [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")], self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.groups = GroupActions(self)
        for action in (self.add_action, self.up_action, self.down_action, *self.groups.actions):
            self.table.addAction(action)
        self.table.addAction(self.undo_action)
        self.table.addAction(self.redo_action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Share the visible width between the columns by weight (officers can still drag)."""
        width = self.table.viewport().width()
        total = sum(WEIGHTS)
        for col, (weight, least) in enumerate(zip(WEIGHTS, MIN_WIDTHS, strict=True)):
            self.table.setColumnWidth(col, max(least, width * weight // total))

    # -------------------------------------------------------------- loading

    def on_changed(self, changes: Changes) -> None:
        if changes.tasks or changes.plans:
            self.reload()

    def reload(self) -> None:
        plan_id = self.ctx.current_plan_id
        self.empty.setVisible(plan_id is None)
        self.table.setVisible(plan_id is not None)
        if plan_id is None:
            self.model.set_data(TaskData([], [], []))
            return
        db = self.ctx.db
        run_busy(
            self, lambda: prepare(list_tasks(db, plan_id), list_groups(db, plan_id)), self._show
        )

    def _show(self, data: TaskData) -> None:
        current = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("Mọi đơn vị", None)
        for key, name in data.units:
            self.unit_filter.addItem(name, key)
        found = self.unit_filter.findData(current) if current is not None else 0
        self.unit_filter.setCurrentIndex(max(found, 0))
        self.unit_filter.blockSignals(False)
        groups = [(g.label, " ".join(x for x in (g.label, g.title) if x)) for g in data.groups]
        _refill(self.group_filter, groups)
        _refill(self.status_filter, [(s, s) for s in sorted({ln.row.status for ln in data.lines})])
        self.model.set_data(data)
        self.apply_filter()
        if self._select_id is not None:
            self.select_task(self._select_id)
            self._select_id = None

    def select_after_reload(self, task_id: int | None) -> None:
        self._select_id = task_id

    def select_task(self, task_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) == task_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    # -------------------------------------------------------------- filter & sort

    def apply_filter(self) -> None:
        words = fold(self.search.text()).split()
        unit = self.unit_filter.currentData()
        due = self.due_filter.currentData()
        combos = (self.group_filter, self.kind_filter, self.status_filter)
        group, kind, status = (c.currentData() for c in combos)
        if not words and unit is None and due == "all" and group == kind == status is None:
            self.proxy.set_predicate(None)
        else:
            self.proxy.set_predicate(self._predicate(words, unit, due, (group, kind, status)))
        self._after_reset()

    def _predicate(
        self,
        words: list[str],
        unit: str | None,
        due: str,
        picks: tuple[str | None, str | None, str | None],
    ) -> Callable[[int], bool]:
        model, today = self.model, self.model.today
        group, kind, status = picks

        def task_ok(line: TaskLine) -> bool:
            if unit is not None and unit not in line.lead_keys:
                return False
            if group is not None and line.row.group != group:
                return False
            if kind is not None and line.row.deadline_kind != kind:
                return False
            if status is not None and line.row.status != status:
                return False
            if due == "overdue" and not line.overdue(today):
                return False
            if due == "soon" and not line.due_soon(today):
                return False
            return all(w in line.haystack for w in words)

        shown_groups = {ln.row.group for ln in model.data_set.lines if task_ok(ln)}

        def accept(row: int) -> bool:
            line = model.line_at(row)
            if line is None:
                return model.entries[row].label in shown_groups  # type: ignore[union-attr]
            return task_ok(line)

        return accept

    def on_sort(self, column: int, order: Qt.SortOrder) -> None:
        busy_cursor(lambda: self.model.sort(column, order))

    def _after_reset(self) -> None:
        self.table.clearSpans()
        for source_row in self.model.group_rows:
            row = self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
            if row >= 0:
                self.table.setSpan(row, 1, 1, len(COLUMNS) - 1)
        total = len(self.model.data_set.lines)
        shown = self.proxy.rowCount() - sum(
            1
            for r in self.model.group_rows
            if self.proxy.mapFromSource(self.model.index(r, 0)).isValid()
        )
        self.count_label.setText(f"{_count(shown)}/{_count(total)} nhiệm vụ")

    # -------------------------------------------------------------- edit & delete

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.set_status("Hãy chọn nhiệm vụ cần xoá.")
            return
        self.undo_stack.push(DeleteTasksCommand(self, ids))

    def add_new(self) -> None:
        """Ctrl+N: a new task after the selected one (in its group), else at the end."""
        from app.ui.task_dialog import TaskDialog

        plan_id = self.ctx.current_plan_id
        if plan_id is None:
            self.set_status("Hãy chọn hoặc nhập một kế hoạch trước.")
            return
        ids = self.selected_ids()
        lines = self.model.data_set.lines
        after = ids[-1] if ids else (lines[-1].row.id if lines else None)
        dialog = TaskDialog(TaskInput("", ""), self, title="Thêm nhiệm vụ")
        self.dialog = dialog
        if dialog.exec() and dialog.result_data is not None:
            self.undo_stack.push(
                AddTaskCommand(
                    self, plan_id, after_task_id=after, group_id=None, data=dialog.result_data
                )
            )

    def move_current(self, delta: int) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.set_status("Hãy chọn một nhiệm vụ để chuyển lên hoặc xuống.")
            return
        order = [ln.row.id for ln in self.model.data_set.lines]
        index = order.index(ids[0]) + delta
        if not 0 <= index < len(order):
            self.set_status("Nhiệm vụ đã ở " + ("đầu" if delta < 0 else "cuối") + " danh sách.")
            return
        self.undo_stack.push(MoveTaskCommand(self, ids[0], delta))

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        task_id = self.proxy.mapToSource(index).data(Qt.ItemDataRole.UserRole)
        if task_id is not None:
            self.edit_task(int(task_id))

    def edit_current(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.edit_task(ids[0])

    def edit_task(self, task_id: int) -> None:
        from app.ui.task_dialog import TaskDialog

        try:
            before = task_input_of(self.ctx.db, task_id)
        except Exception as exc:
            show_error(self, exc)
            self.reload()
            return
        dialog = TaskDialog(before, self)
        self.dialog = dialog  # reachable from tests
        if dialog.exec() and dialog.result_data is not None and dialog.result_data != before:
            self.undo_stack.push(
                EditTaskCommand(self, task_id, before=before, after=dialog.result_data)
            )

    def on_model_cell_edited(self, task_id: int, field: str, text: str) -> None:
        """Runs once the cell editor has closed (a message box must not open inside it)."""
        QTimer.singleShot(0, self, lambda: self.edit_cell(task_id, field, text))

    def edit_cell(self, task_id: int, field: str, text: str) -> None:
        """Save one cell edited in place as an undoable edit of the whole task."""
        try:
            before = task_input_of(self.ctx.db, task_id)
            after = check_task_input(replace(before, **{field: clean_cell(text)}))
        except AppError as exc:
            show_error(self, exc)
            if isinstance(exc, NotFoundError):
                self.reload()
            return
        if after != before:
            self.select_after_reload(task_id)
            self.undo_stack.push(EditTaskCommand(self, task_id, before=before, after=after))


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
