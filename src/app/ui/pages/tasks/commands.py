"""Undoable task changes: each redo/undo runs its service call as a DbOp.

The worker functions store what they return on the command itself, so an
undo queued right after a redo (same serial worker) sees the snapshot even
before the UI thread has received the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from app.db import Database
from app.services.plan_edit import TaskInput
from app.services.task_edit import DeletedTasks, delete_tasks, restore_tasks, update_task


class TaskEditor(Protocol):
    """What the commands need from the page."""

    def run_change(
        self,
        fn: Callable[[], Any],
        message: Callable[[Any], str],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None: ...

    @property
    def db(self) -> Database: ...


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
