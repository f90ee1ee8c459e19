"""What the Nhiệm vụ and Chỉ tiêu screens share: the table, the filter combos, the
shortcuts, and the undoable row actions (edit, edit in place, delete, move).

A screen subclasses :class:`RowPage` (before ``QWidget``) and provides ``ctx``,
``model``, ``proxy``, ``table``, ``undo_stack``, ``reload()``, and:
:meth:`edit_row` (the edit dialog), :meth:`edit_cell` (an edit in place),
:meth:`plan_order` (row ids in plan order), :meth:`delete_command` and
:meth:`move_command` (its undo commands).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QPushButton, QTableView

from app.db import Database
from app.ui.pages.row_commands import DeleteRowsCommand
from app.ui.widgets import ChangeRunner


class RowPage(ChangeRunner):
    NOUN: ClassVar[str] = ""
    """What a row is: "nhiệm vụ", "chỉ tiêu"."""
    ctx: Any
    proxy: Any
    table: QTableView
    undo_stack: QUndoStack

    @property
    def db(self) -> Database:
        return self.ctx.db

    # -------------------------------------------------------------- building

    def make_table(self, proxy: Any) -> QTableView:
        table = QTableView()
        table.setModel(proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        triggers = QAbstractItemView.EditTrigger
        table.setEditTriggers(triggers.EditKeyPressed | triggers.AnyKeyPressed)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.on_sort)
        table.doubleClicked.connect(self.on_table_double_clicked)
        return table

    def filter_combo(self, everything: str) -> QComboBox:
        """A filter whose first choice (data None) is *everything* ("Mọi nhóm")."""
        combo = QComboBox()
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def action(
        self, text: str, slot: Callable[[], None], keys: Sequence[str], *, table_only: bool
    ) -> QAction:
        """An action with shortcuts on the table only (Delete, Enter …) or anywhere on
        the screen (Ctrl+N, Ctrl+Z)."""
        page: Any = self
        action = QAction(text, page)
        action.triggered.connect(slot)
        action.setShortcuts([QKeySequence(k) for k in keys])
        context = Qt.ShortcutContext
        action.setShortcutContext(
            context.WidgetShortcut if table_only else context.WidgetWithChildrenShortcut
        )
        (page.table if table_only else page).addAction(action)
        return action

    def make_row_actions(self, edit_text: str, add_text: str) -> None:
        """Sửa…, Xoá … đã chọn, Thêm…, Lên, Xuống, Hoàn tác, Làm lại."""
        self.edit_action = self.action(edit_text, self.edit_current, ["Return"], table_only=True)
        delete_text = f"Xoá {self.NOUN} đã chọn"
        self.delete_action = self.action(
            delete_text, self.delete_selected, ["Delete"], table_only=True
        )
        self.add_action = self.action(add_text, self.add_new, ["Ctrl+N"], table_only=False)
        up, down = (lambda: self.move_current(-1)), (lambda: self.move_current(1))
        self.up_action = self.action("Lên", up, ["Ctrl+Up"], table_only=True)
        self.down_action = self.action("Xuống", down, ["Ctrl+Down"], table_only=True)
        page: Any = self
        self.undo_action = self.undo_stack.createUndoAction(page, "Hoàn tác")
        self.redo_action = self.undo_stack.createRedoAction(page, "Làm lại")
        undo_keys = ((self.undo_action, ["Ctrl+Z"]), (self.redo_action, ["Ctrl+Y", "Ctrl+Shift+Z"]))
        for action, keys in undo_keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            page.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def finish_context_menu(self) -> None:
        """After the group actions: Thêm…, Hoàn tác, Làm lại at the end of the menu."""
        for action in (self.add_action, self.undo_action, self.redo_action):
            self.table.addAction(action)

    @staticmethod
    def button(action: QAction) -> QPushButton:
        button = QPushButton(action.text().rstrip("…"))
        button.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
        button.clicked.connect(action.trigger)
        return button

    # -------------------------------------------------------------- row actions

    def apply_filter(self) -> None:
        raise NotImplementedError

    def on_sort(self, column: int, order: Qt.SortOrder) -> None:
        raise NotImplementedError

    def add_new(self) -> None:
        raise NotImplementedError

    def edit_row(self, row_id: int) -> None:
        raise NotImplementedError

    def edit_cell(self, row_id: int, field: str, text: str) -> None:
        raise NotImplementedError

    def plan_order(self) -> list[int]:
        raise NotImplementedError

    def delete_command(self, ids: list[int]) -> DeleteRowsCommand:
        raise NotImplementedError

    def move_command(self, row_id: int, delta: int) -> QUndoCommand:
        raise NotImplementedError

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        row_id = self.proxy.mapToSource(index).data(Qt.ItemDataRole.UserRole)
        if row_id is not None:
            self.edit_row(int(row_id))

    def edit_current(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.edit_row(ids[0])

    def on_model_cell_edited(self, row_id: int, field: str, text: str) -> None:
        """Runs once the cell editor has closed (a message box must not open inside it)."""
        page: Any = self
        QTimer.singleShot(0, page, lambda: self.edit_cell(row_id, field, text))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.set_status(f"Hãy chọn {self.NOUN} cần xoá.")
            return
        command = self.delete_command(ids)
        command.select_after = self.row_after_delete(ids)  # Delete again deletes the next one
        self.undo_stack.push(command)

    def row_after_delete(self, ids: Sequence[int]) -> int | None:
        """The row shown in the place of the deleted *ids*: the first one left below the
        last of them, else the last one left above (None when nothing is left)."""
        gone = set(ids)
        shown = [
            self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)
            for r in range(self.proxy.rowCount())
        ]
        rows = [row_id for row_id in shown if row_id is not None]  # group rows have no id
        last = max((k for k, row_id in enumerate(rows) if row_id in gone), default=len(rows))
        below = [row_id for row_id in rows[last + 1 :] if row_id not in gone]
        above = [row_id for row_id in rows[:last] if row_id not in gone]
        return below[0] if below else (above[-1] if above else None)

    def move_current(self, delta: int) -> None:
        """Ctrl+Up/Ctrl+Down: one row up or down in plan order (whatever the sort shown)."""
        ids = self.selected_ids()
        if len(ids) != 1:
            self.set_status(f"Hãy chọn một {self.NOUN} để chuyển lên hoặc xuống.")
            return
        order = self.plan_order()
        index = order.index(ids[0]) + delta
        if not 0 <= index < len(order):
            edge = "đầu" if delta < 0 else "cuối"
            self.set_status(f"{self.NOUN.capitalize()} đã ở {edge} danh sách.")
            return
        self.undo_stack.push(self.move_command(ids[0], delta))


def refill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
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
