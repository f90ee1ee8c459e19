"""Undoable group changes of the Nhiệm vụ and Chỉ tiêu screens: add, rename, delete, move.

Each runs its :mod:`app.services.group_edit` call (with the screen's group
kind) through the screen as a DbOp. As for the row commands, the worker
functions keep what the service returns on the command itself, so an undo
queued right after a redo sees it.
"""

from __future__ import annotations

from typing import Protocol

from app.services.group_edit import (
    DeletedGroup,
    GroupInput,
    GroupKind,
    add_group,
    delete_group,
    move_group,
    rename_group,
    restore_group,
)
from app.ui.pages.row_commands import RowCommand
from app.ui.widgets import RowEditor


class GroupOwner(Protocol):
    """What the group commands need: the screen, its group kind, a group to select."""

    @property
    def page(self) -> RowEditor: ...

    @property
    def kind(self) -> GroupKind: ...

    def select_after_reload(self, group_id: int | None) -> None: ...


def _name(data: GroupInput) -> str:
    return " ".join(x for x in (data.label, data.title) if x)


class _GroupCommand(RowCommand):
    def __init__(self, owner: GroupOwner, text: str) -> None:
        super().__init__(owner.page, text)
        self.owner = owner
        self.kind = owner.kind


class AddGroupCommand(_GroupCommand):
    """Redo inserts the group (after an undo: back in the same place); undo deletes it."""

    def __init__(
        self, owner: GroupOwner, plan_id: int, *, after_group_id: int | None, data: GroupInput
    ) -> None:
        super().__init__(owner, f"Thêm nhóm {data.label}".strip())
        self.plan_id, self.after_group_id, self.data = plan_id, after_group_id, data
        self.group_id: int | None = None
        self.deleted: DeletedGroup | None = None

    def redo(self) -> None:
        db, plan_id, after, data, kind = (
            self.editor.db,
            self.plan_id,
            self.after_group_id,
            self.data,
            self.kind,
        )

        def work() -> int:
            if self.deleted is not None:
                self.group_id = restore_group(db, self.deleted)
            else:
                self.group_id = add_group(db, plan_id, after_group_id=after, data=data, kind=kind)
            self.owner.select_after_reload(self.group_id)
            return self.group_id

        self.run(work, f"Đã thêm nhóm {_name(data)}. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        db, kind = self.editor.db, self.kind

        def work() -> None:
            if self.group_id is not None:
                self.deleted = delete_group(db, self.group_id, kind=kind)
                self.group_id = None

        self.run(work, "Đã hoàn tác thêm nhóm.", undoing=True)


class RenameGroupCommand(_GroupCommand):
    def __init__(
        self, owner: GroupOwner, group_id: int, *, before: GroupInput, after: GroupInput
    ) -> None:
        super().__init__(owner, f"Đổi tên nhóm {after.label}".strip())
        self.group_id, self.before, self.after = group_id, before, after

    def _rename(self, data: GroupInput, message: str, *, undoing: bool) -> None:
        db, group_id, kind = self.editor.db, self.group_id, self.kind
        self.owner.select_after_reload(group_id)
        self.run(lambda: rename_group(db, group_id, data, kind=kind), message, undoing=undoing)

    def redo(self) -> None:
        message = f"Đã đổi tên nhóm thành {_name(self.after)}. Bấm Ctrl+Z để hoàn tác."
        self._rename(self.after, message, undoing=False)

    def undo(self) -> None:
        message = f"Đã hoàn tác đổi tên nhóm {_name(self.before)}."
        self._rename(self.before, message, undoing=True)


class DeleteGroupCommand(_GroupCommand):
    """Redo deletes the (empty) group; undo re-creates it at the same position."""

    def __init__(self, owner: GroupOwner, group_id: int, data: GroupInput) -> None:
        super().__init__(owner, f"Xoá nhóm {data.label}".strip())
        self.group_id, self.data = group_id, data
        self.deleted: DeletedGroup | None = None

    def redo(self) -> None:
        db, group_id, kind = self.editor.db, self.group_id, self.kind

        def work() -> DeletedGroup:
            self.deleted = delete_group(db, group_id, kind=kind)
            return self.deleted

        self.run(work, f"Đã xoá nhóm {_name(self.data)}. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        db = self.editor.db

        def work() -> None:
            if self.deleted is not None:
                self.group_id = restore_group(db, self.deleted)
                self.owner.select_after_reload(self.group_id)

        self.run(work, f"Đã khôi phục nhóm {_name(self.data)}.", undoing=True)


class MoveGroupCommand(_GroupCommand):
    """Redo moves the group *delta* places (its members follow); undo moves it back."""

    def __init__(self, owner: GroupOwner, group_id: int, delta: int, data: GroupInput) -> None:
        way = "lên" if delta < 0 else "xuống"
        super().__init__(owner, f"Chuyển nhóm {data.label} {way}".strip())
        self.group_id, self.delta, self.data, self.way = group_id, delta, data, way

    def _move(self, delta: int, message: str) -> None:
        db, group_id, kind = self.editor.db, self.group_id, self.kind
        self.owner.select_after_reload(group_id)
        self.run(lambda: move_group(db, group_id, delta, kind=kind), message)

    def redo(self) -> None:
        self._move(
            self.delta, f"Đã chuyển nhóm {_name(self.data)} {self.way}. Bấm Ctrl+Z để hoàn tác."
        )

    def undo(self) -> None:
        self._move(-self.delta, f"Đã hoàn tác chuyển nhóm {_name(self.data)}.")
