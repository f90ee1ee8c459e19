"""The group actions of the Nhiệm vụ screen: Thêm nhóm…, Sửa nhóm…, Xoá nhóm.

Each acts on the selected group title row or on the group of the selected task,
and pushes an undoable command on the screen's stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from app.errors import ValidationError
from app.services.group_edit import NOT_EMPTY, GroupInput
from app.ui.errors import show_error
from app.ui.pages.tasks.group_commands import (
    AddGroupCommand,
    DeleteGroupCommand,
    RenameGroupCommand,
)
from app.ui.pages.tasks.model import GROUP_ID_ROLE, GroupLine

if TYPE_CHECKING:
    from app.ui.pages.tasks.page import TasksPage


class GroupActions:
    def __init__(self, page: TasksPage) -> None:
        self.page = page
        self.add_action = QAction("Thêm nhóm…", page)
        self.add_action.triggered.connect(self.add_group)
        self.rename_action = QAction("Sửa nhóm…", page)
        self.rename_action.triggered.connect(self.rename_group)
        self.delete_action = QAction("Xoá nhóm", page)
        self.delete_action.triggered.connect(self.delete_group)
        self.actions = (self.add_action, self.rename_action, self.delete_action)

    def current_group(self) -> GroupLine | None:
        """The selected group title row or the group of the selected task (the current
        row when several are selected)."""
        table, page = self.page.table, self.page
        selection = table.selectionModel()
        rows = selection.selectedRows() if selection else []
        if not rows:
            return None
        current = table.currentIndex()
        index = current if selection.isRowSelected(current.row()) else rows[0]
        group_id = page.proxy.mapToSource(index).data(GROUP_ID_ROLE)
        return next((g for g in page.model.data_set.groups if g.group_id == group_id), None)

    def _dialog(self, data: GroupInput, title: str) -> GroupInput | None:
        from app.ui.group_dialog import GroupDialog

        dialog = GroupDialog(data, self.page, title=title)
        self.dialog = dialog  # reachable from tests
        return dialog.result_data if dialog.exec() else None

    def add_group(self) -> None:
        plan_id = self.page.ctx.current_plan_id
        if plan_id is None:
            self.page.set_status("Hãy chọn hoặc nhập một kế hoạch trước.")
            return
        current = self.current_group()
        data = self._dialog(GroupInput("", ""), "Thêm nhóm")
        if data is not None:
            after = current.group_id if current is not None else None
            self.page.undo_stack.push(
                AddGroupCommand(self.page, plan_id, after_group_id=after, data=data)
            )

    def rename_group(self) -> None:
        current = self._picked()
        if current is None or current.group_id is None:
            return
        before = GroupInput(current.label, current.title)
        after = self._dialog(before, "Sửa nhóm")
        if after is not None and after != before:
            self.page.undo_stack.push(
                RenameGroupCommand(self.page, current.group_id, before=before, after=after)
            )

    def delete_group(self) -> None:
        current = self._picked()
        if current is None or current.group_id is None:
            return
        if any(ln.group_id == current.group_id for ln in self.page.model.data_set.lines):
            show_error(self.page, ValidationError(NOT_EMPTY))
            return
        data = GroupInput(current.label, current.title)
        self.page.undo_stack.push(DeleteGroupCommand(self.page, current.group_id, data))

    def _picked(self) -> GroupLine | None:
        current = self.current_group()
        if current is None:
            self.page.set_status("Hãy chọn một nhóm hoặc một nhiệm vụ trong nhóm.")
        return current
