"""Undoable task changes: the shared row commands with the task services and words."""

from __future__ import annotations

from collections.abc import Sequence

from app.db import Database
from app.services.plan_edit import TaskInput
from app.services.task_edit import (
    DeletedTasks,
    add_task,
    delete_tasks,
    move_task,
    restore_tasks,
    update_task,
)
from app.ui.pages.row_commands import (
    AddRowCommand,
    DeleteRowsCommand,
    EditRowCommand,
    MoveRowCommand,
    RowKind,
)
from app.ui.widgets import RowEditor

TaskEditor = RowEditor


def _deleted_extra(deleted: DeletedTasks) -> str:
    n = deleted.progress_count
    return f" (kèm {n} kết quả báo cáo tiến độ)" if n else ""


TASK_ROWS = RowKind(
    noun="nhiệm vụ",
    delete=delete_tasks,
    restore=restore_tasks,
    move=move_task,
    update=update_task,
    deleted_extra=_deleted_extra,
)


class DeleteTasksCommand(DeleteRowsCommand):
    def __init__(self, editor: TaskEditor, task_ids: Sequence[int]) -> None:
        super().__init__(editor, TASK_ROWS, task_ids)


class EditTaskCommand(EditRowCommand):
    def __init__(
        self, editor: TaskEditor, task_id: int, *, before: TaskInput, after: TaskInput
    ) -> None:
        super().__init__(editor, TASK_ROWS, task_id, before=before, after=after, label=after.number)


class AddTaskCommand(AddRowCommand):
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
        def add(db: Database) -> int:
            return add_task(db, plan_id, after_task_id=after_task_id, group_id=group_id, data=data)

        text = f"Thêm nhiệm vụ {data.number}".strip()
        super().__init__(editor, TASK_ROWS, add, after_id=after_task_id, text=text)


class MoveTaskCommand(MoveRowCommand):
    def __init__(self, editor: TaskEditor, task_id: int, delta: int) -> None:
        super().__init__(editor, TASK_ROWS, task_id, delta)
