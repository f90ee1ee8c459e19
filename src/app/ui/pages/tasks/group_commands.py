"""Undoable task-group changes: add, rename, delete (each runs its service call as a DbOp).

As in :mod:`.commands`, the worker functions keep what the service returns on
the command itself, so an undo queued right after a redo sees it.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.services.group_edit import (
    DeletedGroup,
    GroupInput,
    add_group,
    delete_group,
    rename_group,
    restore_group,
)
from app.ui.pages.tasks.commands import TaskEditor


def _name(data: GroupInput) -> str:
    return " ".join(x for x in (data.label, data.title) if x)


class AddGroupCommand(QUndoCommand):
    """Redo inserts the group (after an undo: back in the same place); undo deletes it."""

    def __init__(
        self, editor: TaskEditor, plan_id: int, *, after_group_id: int | None, data: GroupInput
    ) -> None:
        super().__init__(f"Thêm nhóm {data.label}".strip())
        self.editor = editor
        self.plan_id = plan_id
        self.after_group_id = after_group_id
        self.data = data
        self.group_id: int | None = None
        self.deleted: DeletedGroup | None = None

    def redo(self) -> None:
        db, plan_id, after, data = self.editor.db, self.plan_id, self.after_group_id, self.data

        def work() -> int:
            if self.deleted is not None:
                self.group_id = restore_group(db, self.deleted)
            else:
                self.group_id = add_group(db, plan_id, after_group_id=after, data=data)
            return self.group_id

        message = f"Đã thêm nhóm {_name(self.data)}. Bấm Ctrl+Z để hoàn tác."
        self.editor.run_change(work, lambda _id: message, self._failed)

    def undo(self) -> None:
        db = self.editor.db

        def work() -> None:
            if self.group_id is not None:
                self.deleted = delete_group(db, self.group_id)
                self.group_id = None

        self.editor.run_change(work, lambda _r: "Đã hoàn tác thêm nhóm.")

    def _failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


class RenameGroupCommand(QUndoCommand):
    def __init__(
        self, editor: TaskEditor, group_id: int, *, before: GroupInput, after: GroupInput
    ) -> None:
        super().__init__(f"Sửa nhóm {after.label}".strip())
        self.editor = editor
        self.group_id = group_id
        self.before = before
        self.after = after

    def redo(self) -> None:
        db, group_id, after = self.editor.db, self.group_id, self.after

        def work() -> GroupInput:
            self.before = rename_group(db, group_id, after)
            return self.before

        message = f"Đã sửa nhóm {_name(after)}. Bấm Ctrl+Z để hoàn tác."
        self.editor.run_change(work, lambda _old: message, self._failed)

    def undo(self) -> None:
        db, group_id, before = self.editor.db, self.group_id, self.before
        self.editor.run_change(
            lambda: rename_group(db, group_id, self.before),
            lambda _old: f"Đã hoàn tác sửa nhóm {_name(before)}.",
        )

    def _failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


class DeleteGroupCommand(QUndoCommand):
    """Redo deletes the (empty) group; undo re-creates it at the same position."""

    def __init__(self, editor: TaskEditor, group_id: int, data: GroupInput) -> None:
        super().__init__(f"Xoá nhóm {data.label}".strip())
        self.editor = editor
        self.group_id = group_id
        self.data = data
        self.deleted: DeletedGroup | None = None

    def redo(self) -> None:
        db, group_id = self.editor.db, self.group_id

        def work() -> DeletedGroup:
            self.deleted = delete_group(db, group_id)
            return self.deleted

        message = f"Đã xoá nhóm {_name(self.data)}. Bấm Ctrl+Z để hoàn tác."
        self.editor.run_change(work, lambda _d: message, self._failed)

    def undo(self) -> None:
        db = self.editor.db

        def work() -> None:
            if self.deleted is not None:
                self.group_id = restore_group(db, self.deleted)

        self.editor.run_change(work, lambda _r: f"Đã khôi phục nhóm {_name(self.data)}.")

    def _failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)
