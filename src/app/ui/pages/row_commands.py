"""Undoable row changes shared by the Nhiệm vụ and Chỉ tiêu screens: add, edit, delete, move.

A :class:`RowKind` names the service calls and the word ("nhiệm vụ", "chỉ
tiêu") of one kind of row; each command runs its call through the screen (a
:class:`~app.ui.widgets.RowEditor`) as a DbOp. The worker functions store what
they return on the command itself, so an undo queued right after a redo (same
serial worker) sees it even before the UI thread has received the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoCommand

from app.db import Database
from app.ui.widgets import RowEditor


class RowCommand(QUndoCommand):
    """An undoable change run through *editor*; a redo that fails makes it obsolete."""

    def __init__(self, editor: RowEditor, text: str) -> None:
        super().__init__(text)
        self.editor = editor

    def run(
        self, work: Callable[[], Any], message: str | Callable[[Any], str], *, undoing: bool = False
    ) -> None:
        text = message if callable(message) else (lambda _result: message)
        self.editor.run_change(work, text, None if undoing else self.failed)

    def failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


@dataclass(frozen=True, slots=True)
class RowKind:
    """The service calls and words of one kind of row."""

    noun: str
    delete: Callable[[Database, Sequence[int]], Any]
    """Deletes rows, returning what ``restore`` needs (with ``count``)."""
    restore: Callable[[Database, Any], tuple[int, ...]]
    move: Callable[[Database, int, int], object]
    update: Callable[[Database, int, Any], object]
    deleted_extra: Callable[[Any], str] = lambda _deleted: ""
    """What went with the deleted rows, e.g. " (kèm 3 kết quả)"."""


class AddRowCommand(RowCommand):
    """Redo inserts the row (again after an undo, with a fresh id); undo deletes it."""

    def __init__(
        self,
        editor: RowEditor,
        kind: RowKind,
        add: Callable[[Database], int],
        *,
        after_id: int | None,
        text: str,
    ) -> None:
        super().__init__(editor, text)
        self.kind, self.add, self.after_id = kind, add, after_id
        self.row_id: int | None = None

    def redo(self) -> None:
        db, add = self.editor.db, self.add

        def work() -> int:
            self.row_id = add(db)
            return self.row_id

        def message(row_id: int) -> str:
            self.editor.select_after_reload(row_id)
            return f"Đã thêm {self.kind.noun}. Bấm Ctrl+Z để hoàn tác."

        self.run(work, message)

    def undo(self) -> None:
        db, delete = self.editor.db, self.kind.delete

        def work() -> None:
            if self.row_id is not None:
                delete(db, [self.row_id])
                self.row_id = None

        def message(_result: None) -> str:
            self.editor.select_after_reload(self.after_id)
            return f"Đã hoàn tác thêm {self.kind.noun}."

        self.run(work, message, undoing=True)


class EditRowCommand(RowCommand):
    """Redo saves *after*, undo *before* (whole-row inputs of the kind's ``update``)."""

    def __init__(
        self, editor: RowEditor, kind: RowKind, row_id: int, *, before: Any, after: Any, label: str
    ) -> None:
        super().__init__(editor, f"Sửa {kind.noun} {label}".strip())
        self.kind, self.row_id, self.before, self.after = kind, row_id, before, after
        self.label = f" {label}" if label else ""

    def _save(self, data: Any, message: str) -> None:
        db, row_id, update = self.editor.db, self.row_id, self.kind.update
        self.editor.select_after_reload(row_id)
        self.run(lambda: update(db, row_id, data), message)

    def redo(self) -> None:
        self._save(self.after, f"Đã lưu {self.kind.noun}{self.label}. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        self._save(self.before, f"Đã hoàn tác sửa {self.kind.noun}{self.label}.")


class DeleteRowsCommand(RowCommand):
    """Redo deletes the rows and selects :attr:`select_after`; undo restores and selects them."""

    def __init__(self, editor: RowEditor, kind: RowKind, row_ids: Sequence[int]) -> None:
        super().__init__(editor, f"Xoá {len(row_ids)} {kind.noun}")
        self.kind, self.row_ids = kind, list(row_ids)
        self.deleted: Any = None
        self.select_after: int | None = None
        """The row shown in the deleted rows' place, selected so that Delete goes on."""

    def redo(self) -> None:
        db, ids, kind = self.editor.db, list(self.row_ids), self.kind

        def work() -> Any:
            self.deleted = kind.delete(db, ids)
            return self.deleted

        def message(deleted: Any) -> str:
            self.editor.select_after_reload(self.select_after)
            extra = kind.deleted_extra(deleted)
            return f"Đã xoá {deleted.count} {kind.noun}{extra}. Bấm Ctrl+Z để hoàn tác."

        self.run(work, message)

    def undo(self) -> None:
        db, restore = self.editor.db, self.kind.restore

        def work() -> tuple[int, ...]:
            if self.deleted is None:
                return ()
            restored = restore(db, self.deleted)
            self.row_ids = list(restored)
            return restored

        def message(ids: tuple[int, ...]) -> str:
            self.editor.select_after_reload(ids[0] if ids else None)
            return f"Đã khôi phục {len(ids)} {self.kind.noun} đã xoá."

        self.run(work, message, undoing=True)


class MoveRowCommand(RowCommand):
    def __init__(self, editor: RowEditor, kind: RowKind, row_id: int, delta: int) -> None:
        super().__init__(editor, f"Chuyển {kind.noun} {'lên' if delta < 0 else 'xuống'}")
        self.kind, self.row_id, self.delta = kind, row_id, delta

    def _move(self, delta: int, message: str) -> None:
        db, row_id, move = self.editor.db, self.row_id, self.kind.move
        self.editor.select_after_reload(row_id)
        self.run(lambda: move(db, row_id, delta), message)

    def redo(self) -> None:
        self._move(self.delta, f"Đã chuyển {self.kind.noun}. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        self._move(-self.delta, f"Đã hoàn tác chuyển {self.kind.noun}.")
