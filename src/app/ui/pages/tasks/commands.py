"""Undoable task changes: each redo/undo runs its service call as a DbOp.

The worker functions store what they return on the command itself, so an
undo queued right after a redo (same serial worker) sees the snapshot even
before the UI thread has received the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from app.services.plan_edit import TaskInput
from app.services.task_edit import (
    DeletedTasks,
    add_task,
    delete_tasks,
    move_task,
    restore_tasks,
    update_task,
)
from app.ui.widgets import RowEditor

TaskEditor = RowEditor


class DeleteTasksCommand(QUndoCommand):
    def __init__(self, editor: TaskEditor, task_ids: Sequence[int]) -> None:
        super().__init__(f"Xoá {len(task_ids)} nhiệm vụ")
        self.editor = editor
        self.task_ids = list(task_ids)
        self.deleted: DeletedTasks | None = None

    def redo(self) -> None:
        db, ids = self.editor.db, list(self.task_ids)

        def work() -> DeletedTasks:
            self.deleted = delete_tasks(db, ids)
            return self.deleted

        self.editor.run_change(work, _deleted_message, self._failed)

    def undo(self) -> None:
        db = self.editor.db

        def work() -> tuple[int, ...]:
            if self.deleted is None:
                return ()
            restored = restore_tasks(db, self.deleted)
            self.task_ids = list(restored)
            return restored

        self.editor.run_change(work, lambda ids: f"Đã khôi phục {len(ids)} nhiệm vụ đã xoá.")

    def _failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


def _deleted_message(deleted: DeletedTasks) -> str:
    extra = (
        f" (kèm {deleted.progress_count} kết quả báo cáo tiến độ)" if deleted.progress_count else ""
    )
    return f"Đã xoá {deleted.count} nhiệm vụ{extra}. Bấm Ctrl+Z để hoàn tác."


class EditTaskCommand(QUndoCommand):
    def __init__(
        self, editor: TaskEditor, task_id: int, *, before: TaskInput, after: TaskInput
    ) -> None:
        super().__init__(f"Sửa nhiệm vụ {after.number}".strip())
        self.editor = editor
        self.task_id = task_id
        self.before = before
        self.after = after

    def _save(self, data: TaskInput, message: str) -> None:
        db, task_id = self.editor.db, self.task_id
        self.editor.run_change(
            lambda: update_task(db, task_id, data), lambda _changes: message, self._failed
        )

    def redo(self) -> None:
        self._save(self.after, f"Đã lưu nhiệm vụ {self.after.number}. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        self._save(self.before, f"Đã hoàn tác sửa nhiệm vụ {self.before.number}.")

    def _failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


class AddTaskCommand(QUndoCommand):
    """Redo inserts the task (again after an undo, with a fresh id); undo deletes it."""

    def __init__(
        self,
        editor: TaskEditor,
        plan_id: int,
        *,
        after_task_id: int | None,
        group_id: int | None,
        data: TaskInput,
    ) -> None:
        super().__init__(f"Thêm nhiệm vụ {data.number}".strip())
        self.editor = editor
        self.plan_id = plan_id
        self.after_task_id = after_task_id
        self.group_id = group_id
        self.data = data
        self.task_id: int | None = None

    def redo(self) -> None:
        db, plan_id, after, group, data = (
            self.editor.db,
            self.plan_id,
            self.after_task_id,
            self.group_id,
            self.data,
        )

        def work() -> int:
            self.task_id = add_task(db, plan_id, after_task_id=after, group_id=group, data=data)
            return self.task_id

        def message(task_id: int) -> str:
            self.editor.select_after_reload(task_id)
            return "Đã thêm nhiệm vụ. Bấm Ctrl+Z để hoàn tác."

        self.editor.run_change(work, message, self._failed)

    def undo(self) -> None:
        db = self.editor.db

        def work() -> None:
            if self.task_id is not None:
                delete_tasks(db, [self.task_id])
                self.task_id = None

        def message(_result: None) -> str:
            self.editor.select_after_reload(self.after_task_id)
            return "Đã hoàn tác thêm nhiệm vụ."

        self.editor.run_change(work, message)

    def _failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


class MoveTaskCommand(QUndoCommand):
    def __init__(self, editor: TaskEditor, task_id: int, delta: int) -> None:
        super().__init__("Chuyển nhiệm vụ lên" if delta < 0 else "Chuyển nhiệm vụ xuống")
        self.editor = editor
        self.task_id = task_id
        self.delta = delta

    def _move(self, delta: int, message: str) -> None:
        db, task_id = self.editor.db, self.task_id
        self.editor.select_after_reload(task_id)
        self.editor.run_change(
            lambda: move_task(db, task_id, delta), lambda _c: message, self._failed
        )

    def redo(self) -> None:
        self._move(self.delta, "Đã chuyển nhiệm vụ. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        self._move(-self.delta, "Đã hoàn tác chuyển nhiệm vụ.")

    def _failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)
