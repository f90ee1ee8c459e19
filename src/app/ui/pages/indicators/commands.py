"""Undoable indicator changes: the shared row commands with the indicator services and words."""

from __future__ import annotations

from app.db import Database
from app.services.indicator_edit import (
    DeletedIndicators,
    IndicatorInput,
    add_indicator,
    delete_indicators,
    move_indicator,
    restore_indicators,
    update_indicator,
)
from app.ui.pages.row_commands import (
    AddRowCommand,
    DeleteRowsCommand,
    EditRowCommand,
    MoveRowCommand,
    RowKind,
)
from app.ui.widgets import RowEditor

IndicatorEditor = RowEditor


def _deleted_extra(deleted: DeletedIndicators) -> str:
    return f" (kèm {deleted.result_count} kết quả)" if deleted.result_count else ""


INDICATOR_ROWS = RowKind(
    noun="chỉ tiêu",
    delete=delete_indicators,
    restore=restore_indicators,
    move=move_indicator,
    update=update_indicator,
    deleted_extra=_deleted_extra,
)


class EditIndicatorCommand(EditRowCommand):
    def __init__(
        self,
        page: IndicatorEditor,
        indicator_id: int,
        before: IndicatorInput,
        after: IndicatorInput,
    ) -> None:
        label = after.code
        super().__init__(
            page, INDICATOR_ROWS, indicator_id, before=before, after=after, label=label
        )


class AddIndicatorCommand(AddRowCommand):
    def __init__(
        self, page: IndicatorEditor, plan_id: int, after_id: int | None, data: IndicatorInput
    ) -> None:
        def add(db: Database) -> int:
            return add_indicator(db, plan_id, after_indicator_id=after_id, data=data)

        super().__init__(page, INDICATOR_ROWS, add, after_id=after_id, text="Thêm chỉ tiêu")


class DeleteIndicatorsCommand(DeleteRowsCommand):
    def __init__(self, page: IndicatorEditor, ids: list[int]) -> None:
        super().__init__(page, INDICATOR_ROWS, ids)


class MoveIndicatorCommand(MoveRowCommand):
    def __init__(self, page: IndicatorEditor, indicator_id: int, delta: int) -> None:
        super().__init__(page, INDICATOR_ROWS, indicator_id, delta)
