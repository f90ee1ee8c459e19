"""The group actions of the Nhiệm vụ and Chỉ tiêu screens.

Thêm nhóm …, Đổi tên nhóm…, Xoá nhóm, Chuyển nhóm lên (Ctrl+Shift+Up) and
Chuyển nhóm xuống (Ctrl+Shift+Down) act on the selected group title row or on
the group of the selected row, and push an undoable command on the screen's
stack. They sit in the table's context menu and behind the screen's "Nhóm"
button. The screen provides ``ctx``, ``table``, ``proxy``, ``undo_stack``,
``model.data_set.groups`` (its :class:`GroupLine` list) and the
:class:`~app.ui.widgets.ChangeRunner` methods, and calls :meth:`GroupActions.reselect`
once it has shown freshly loaded rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton

from app.errors import ValidationError
from app.services.group_edit import GroupInput, GroupKind
from app.ui.errors import show_error
from app.ui.pages.group_commands import (
    AddGroupCommand,
    DeleteGroupCommand,
    MoveGroupCommand,
    RenameGroupCommand,
)
from app.ui.pages.group_rows import GROUP_ID_ROLE, GroupLine
from app.ui.widgets import select_only_row


class GroupActions:
    def __init__(self, page: Any, kind: GroupKind) -> None:
        self.page = page
        self.kind = kind
        self._select_id: int | None = None
        self.add_action = self._action(f"Thêm nhóm {kind.noun}…", self.add_group)
        self.rename_action = self._action("Đổi tên nhóm…", self.rename_group)
        self.delete_action = self._action("Xoá nhóm", self.delete_group)
        self.up_action = self._action("Chuyển nhóm lên", lambda: self.move_group(-1), "Up")
        self.down_action = self._action("Chuyển nhóm xuống", lambda: self.move_group(1), "Down")
        self.actions = (
            self.add_action,
            self.rename_action,
            self.delete_action,
            self.up_action,
            self.down_action,
        )

    def _action(self, text: str, slot: Callable[[], None], arrow: str = "") -> QAction:
        action = QAction(text, self.page)
        action.triggered.connect(slot)
        if arrow:
            action.setShortcut(QKeySequence(f"Ctrl+Shift+{arrow}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.page.table.addAction(action)  # the context menu, and the keys on the table
        return action

    def menu_button(self) -> QPushButton:
        """A "Nhóm" button opening a menu of the group actions."""
        button = QPushButton("Nhóm")
        button.setToolTip(f"Thêm, đổi tên, xoá hoặc chuyển nhóm {self.kind.noun}")
        menu = QMenu(button)
        menu.addActions(list(self.actions))
        button.setMenu(menu)
        return button

    # -------------------------------------------------------------- selection

    def groups(self) -> list[GroupLine]:
        return list(self.page.model.data_set.groups)

    def current_group(self) -> GroupLine | None:
        """The selected group title row or the group of the selected row (the current
        row when several are selected)."""
        table, page = self.page.table, self.page
        selection = table.selectionModel()
        rows = selection.selectedRows() if selection else []
        if not rows:
            return None
        current = table.currentIndex()
        index = current if selection.isRowSelected(current.row()) else rows[0]
        group_id = page.proxy.mapToSource(index).data(GROUP_ID_ROLE)
        return next((g for g in self.groups() if g.group_id == group_id), None)

    def _picked(self) -> GroupLine | None:
        current = self.current_group()
        if current is None or current.group_id is None:
            self.page.set_status(f"Hãy chọn một nhóm hoặc một {self.kind.noun} trong nhóm.")
            return None
        return current

    def select_after_reload(self, group_id: int | None) -> None:
        self._select_id = group_id

    def reselect(self) -> None:
        """Select the title row of the group a command asked for, once it is shown."""
        group_id, self._select_id = self._select_id, None
        proxy, table = self.page.proxy, self.page.table
        for row in range(proxy.rowCount() if group_id is not None else 0):
            index = proxy.index(row, 0)
            is_title = index.data(Qt.ItemDataRole.UserRole) is None
            if is_title and index.data(GROUP_ID_ROLE) == group_id:
                select_only_row(table, row)
                return

    # -------------------------------------------------------------- actions

    def _dialog(self, data: GroupInput, title: str) -> GroupInput | None:
        from app.ui.group_dialog import GroupDialog

        dialog = GroupDialog(data, self.page, title=title, kind=self.kind)
        self.dialog = dialog  # reachable from tests
        return dialog.result_data if dialog.exec() else None

    def add_group(self) -> None:
        plan_id = self.page.ctx.current_plan_id
        if plan_id is None:
            self.page.set_status("Hãy chọn hoặc nhập một kế hoạch trước.")
            return
        current = self.current_group()
        data = self._dialog(GroupInput("", ""), f"Thêm nhóm {self.kind.noun}")
        if data is not None:
            after = current.group_id if current is not None else None
            command = AddGroupCommand(self, plan_id, after_group_id=after, data=data)
            self.page.undo_stack.push(command)

    def rename_group(self) -> None:
        current = self._picked()
        if current is None or current.group_id is None:
            return
        before = GroupInput(current.label, current.title)
        after = self._dialog(before, f"Đổi tên nhóm {self.kind.noun}")
        if after is not None and after != before:
            command = RenameGroupCommand(self, current.group_id, before=before, after=after)
            self.page.undo_stack.push(command)

    def delete_group(self) -> None:
        current = self._picked()
        if current is None or current.group_id is None:
            return
        if current.size:
            show_error(self.page, ValidationError(self.kind.not_empty))
            return
        data = GroupInput(current.label, current.title)
        self.page.undo_stack.push(DeleteGroupCommand(self, current.group_id, data))

    def move_group(self, delta: int) -> None:
        current = self._picked()
        if current is None or current.group_id is None:
            return
        ids = [g.group_id for g in self.groups()]
        if not 0 <= ids.index(current.group_id) + delta < len(ids):
            self.page.set_status(f"Nhóm đã ở {'đầu' if delta < 0 else 'cuối'} danh sách.")
            return
        data = GroupInput(current.label, current.title)
        self.page.undo_stack.push(MoveGroupCommand(self, current.group_id, delta, data))
