"""Undoable indicator changes: each redo/undo runs its service call through the page."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.services.indicator_edit import (
    DeletedIndicators,
    IndicatorInput,
    add_indicator,
    delete_indicators,
    move_indicator,
    restore_indicators,
    update_indicator,
)
from app.ui.widgets import RowEditor

IndicatorEditor = RowEditor


class _Command(QUndoCommand):
    def __init__(self, page: IndicatorEditor, text: str) -> None:
        super().__init__(text)
        self.page = page

    def failed(self, _exc: BaseException) -> None:
        self.setObsolete(True)


class EditIndicatorCommand(_Command):
    def __init__(
        self,
        page: IndicatorEditor,
        indicator_id: int,
        before: IndicatorInput,
        after: IndicatorInput,
    ) -> None:
        super().__init__(page, f"Sửa chỉ tiêu {after.code}".strip())
        self.indicator_id, self.before, self.after = indicator_id, before, after

    def _save(self, data: IndicatorInput, message: str) -> None:
        db, indicator_id = self.page.db, self.indicator_id
        self.page.select_after_reload(indicator_id)
        self.page.run_change(
            lambda: update_indicator(db, indicator_id, data), lambda _c: message, self.failed
        )

    def redo(self) -> None:
        self._save(self.after, "Đã lưu chỉ tiêu. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        self._save(self.before, "Đã hoàn tác sửa chỉ tiêu.")


class AddIndicatorCommand(_Command):
    def __init__(
        self, page: IndicatorEditor, plan_id: int, after_id: int | None, data: IndicatorInput
    ) -> None:
        super().__init__(page, "Thêm chỉ tiêu")
        self.plan_id, self.after_id, self.data = plan_id, after_id, data
        self.indicator_id: int | None = None

    def redo(self) -> None:
        db, plan_id, after_id, data = self.page.db, self.plan_id, self.after_id, self.data

        def work() -> int:
            self.indicator_id = add_indicator(db, plan_id, after_indicator_id=after_id, data=data)
            return self.indicator_id

        def message(new_id: int) -> str:
            self.page.select_after_reload(new_id)
            return "Đã thêm chỉ tiêu. Bấm Ctrl+Z để hoàn tác."

        self.page.run_change(work, message, self.failed)

    def undo(self) -> None:
        db = self.page.db

        def work() -> None:
            if self.indicator_id is not None:
                delete_indicators(db, [self.indicator_id])
                self.indicator_id = None

        self.page.run_change(work, lambda _r: "Đã hoàn tác thêm chỉ tiêu.")


class DeleteIndicatorsCommand(_Command):
    def __init__(self, page: IndicatorEditor, ids: list[int]) -> None:
        super().__init__(page, f"Xoá {len(ids)} chỉ tiêu")
        self.ids = ids
        self.deleted: DeletedIndicators | None = None

    def redo(self) -> None:
        db, ids = self.page.db, list(self.ids)

        def work() -> DeletedIndicators:
            self.deleted = delete_indicators(db, ids)
            return self.deleted

        def message(deleted: DeletedIndicators) -> str:
            extra = f" (kèm {deleted.result_count} kết quả)" if deleted.result_count else ""
            return f"Đã xoá {deleted.count} chỉ tiêu{extra}. Bấm Ctrl+Z để hoàn tác."

        self.page.run_change(work, message, self.failed)

    def undo(self) -> None:
        db = self.page.db

        def work() -> tuple[int, ...]:
            if self.deleted is None:
                return ()
            restored = restore_indicators(db, self.deleted)
            self.ids = list(restored)
            return restored

        self.page.run_change(work, lambda ids: f"Đã khôi phục {len(ids)} chỉ tiêu đã xoá.")


class MoveIndicatorCommand(_Command):
    def __init__(self, page: IndicatorEditor, indicator_id: int, delta: int) -> None:
        super().__init__(page, "Chuyển chỉ tiêu lên" if delta < 0 else "Chuyển chỉ tiêu xuống")
        self.indicator_id, self.delta = indicator_id, delta

    def _move(self, delta: int, message: str) -> None:
        db, indicator_id = self.page.db, self.indicator_id
        self.page.select_after_reload(indicator_id)
        self.page.run_change(
            lambda: move_indicator(db, indicator_id, delta), lambda _c: message, self.failed
        )

    def redo(self) -> None:
        self._move(self.delta, "Đã chuyển chỉ tiêu. Bấm Ctrl+Z để hoàn tác.")

    def undo(self) -> None:
        self._move(-self.delta, "Đã hoàn tác chuyển chỉ tiêu.")
