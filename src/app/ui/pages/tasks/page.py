"""Nhiệm vụ screen: the tasks of the current plan, searchable, filterable, editable."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError, NotFoundError
from app.services import Changes
from app.services.group_edit import TASKS, list_groups
from app.services.plan_edit import TaskInput
from app.services.plans import list_tasks
from app.services.task_edit import check_task_input, task_input_of
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.pages.group_actions import GroupActions
from app.ui.pages.group_rows import span_titles
from app.ui.pages.row_page import RowPage, refill_combo
from app.ui.pages.tasks.commands import (
    AddTaskCommand,
    DeleteTasksCommand,
    EditTaskCommand,
    MoveTaskCommand,
)
from app.ui.pages.tasks.filters import DUE_FILTERS, KIND_FILTERS, task_filter
from app.ui.pages.tasks.model import COL_NAME, TaskData, TasksModel, prepare
from app.ui.widgets import (
    PlanPicker,
    RowFilterProxy,
    SearchBox,
    busy_cursor,
    run_busy,
)
from app.vntext import clean_cell, fold

WEIGHTS = (4, 30, 13, 11, 13, 9, 8, 10)
"""Share of the table width per column (TT … Trạng thái), never below MIN_WIDTHS."""
MIN_WIDTHS = (36, 200, 95, 85, 90, 75, 78, 100)


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class TasksPage(RowPage, QWidget):
    CHANGES = Changes(tasks=True, units=True, reports=True)
    NOUN = "nhiệm vụ"

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
        self.group_filter = self.filter_combo("Mọi nhóm")
        self.kind_filter = self.filter_combo("Mọi loại thời hạn")
        for key, label in KIND_FILTERS:
            self.kind_filter.addItem(label, key)
        self.status_filter = self.filter_combo("Mọi trạng thái")
        self.count_label = QLabel()
        self.count_label.setContentsMargins(8, 0, 0, 0)
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
        margins = layout.contentsMargins()
        margins.setRight(18)  # room between the count (and the last column) and the edge
        layout.setContentsMargins(margins)
        layout.addWidget(QLabel("<h2>Nhiệm vụ</h2>"))
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.make_row_actions("Sửa nhiệm vụ…", "Thêm nhiệm vụ")
        self.groups = GroupActions(self, TASKS)
        self.finish_context_menu()
        for action in (self.add_action, self.delete_action, self.up_action, self.down_action):
            more.addWidget(self.button(action))
        more.addWidget(self.groups.menu_button())

    def _make_table(self) -> QTableView:
        table = self.make_table(self.proxy)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.horizontalHeader().setStretchLastSection(True)
        # the viewport, not the table: when the table's own Resize arrives the viewport still
        # has its old width, so the columns were fitted to the previous size (Trạng thái
        # took the rest and Nhiệm vụ stayed at its least width)
        table.viewport().installEventFilter(self)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        table = getattr(self, "table", None)
        if table is not None and watched is table.viewport() and event.type() == QEvent.Type.Resize:
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
        refill_combo(self.group_filter, groups)
        refill_combo(
            self.status_filter, [(s, s) for s in sorted({ln.row.status for ln in data.lines})]
        )
        self.model.set_data(data)
        self.apply_filter()
        if self._select_id is not None:
            self.select_task(self._select_id)
            self._select_id = None
        self.groups.reselect()

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
            self.proxy.set_predicate(
                task_filter(self.model, words, unit, due, (group, kind, status))
            )
        self._after_reset()

    def on_sort(self, column: int, order: Qt.SortOrder) -> None:
        busy_cursor(lambda: self.model.sort(column, order))

    def _after_reset(self) -> None:
        rows = [
            self.proxy.mapFromSource(self.model.index(r, 0)).row() for r in self.model.group_rows
        ]
        rows = [r for r in rows if r >= 0]
        span_titles(self.table, rows, title_column=COL_NAME)
        total = len(self.model.data_set.lines)
        shown = self.proxy.rowCount() - len(rows)
        self.count_label.setText(f"{_count(shown)}/{_count(total)} nhiệm vụ")

    # -------------------------------------------------------------- edit & delete

    def plan_order(self) -> list[int]:
        return [ln.row.id for ln in self.model.data_set.lines]

    def delete_command(self, ids: list[int]) -> DeleteTasksCommand:
        return DeleteTasksCommand(self, ids)

    def move_command(self, row_id: int, delta: int) -> MoveTaskCommand:
        return MoveTaskCommand(self, row_id, delta)

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

    def edit_row(self, row_id: int) -> None:
        self.edit_task(row_id)

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

    def edit_cell(self, row_id: int, field: str, text: str) -> None:
        """Save one cell edited in place as an undoable edit of the whole task."""
        task_id = row_id
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
