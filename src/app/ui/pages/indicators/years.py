"""Thêm năm mục tiêu…: a target column for a milestone year the plan has no target for yet.

The plan's years are the years its indicators have targets for, so a new year
is not stored: :class:`AddYearCommand` shows an empty column (the model's
``extra_years``) whose cells edit in place like the others; the first target
typed in it is saved as an ordinary indicator edit. Undo takes the column away
again; if a target has been written for the year meanwhile, the column stays
because the data has it.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.services.indicator_edit import NEW_YEAR_MAX, NEW_YEAR_MIN, check_new_year
from app.ui.widgets import CheckedDialog, dialog_buttons, fit_to_width


class YearDialog(CheckedDialog):
    """Asks for one year; ``accept()`` checks it and keeps it (``result_year``)."""

    def __init__(self, existing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thêm năm mục tiêu")
        self.existing = list(existing)
        self.year = QLineEdit()
        self.year.setPlaceholderText(f"từ {NEW_YEAR_MIN} đến {NEW_YEAR_MAX}, ví dụ 2035")
        self.year.setMaxLength(12)
        have = ", ".join(self.existing) if self.existing else "chưa có năm nào"
        hint = QLabel(
            f"Kế hoạch đang có mục tiêu cho: {have}.\n"
            "Cột mới để trống; gõ mục tiêu vào từng ô của cột (F2 hoặc gõ trực tiếp)."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #335;")
        form = QFormLayout()
        form.addRow("Năm mục tiêu:", self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(dialog_buttons(self, ok_text="Thêm cột", cancel_text="Huỷ"))
        fit_to_width(self, 440)

    def check(self) -> int:
        return check_new_year(self.year.text(), self.existing)

    def on_invalid(self, exc: ValidationError) -> None:
        self.year.setFocus()
        self.year.selectAll()

    @property
    def result_year(self) -> int | None:
        return cast(int | None, self.result_data)


class YearColumns(Protocol):
    """What the command needs of the Chỉ tiêu screen."""

    def show_year(self, plan_id: int, year: str, *, shown: bool) -> None: ...


class AddYearCommand(QUndoCommand):
    """Redo shows the empty column of *year* on plan *plan_id*; undo takes it away."""

    def __init__(self, page: YearColumns, plan_id: int, year: int) -> None:
        super().__init__(f"Thêm năm mục tiêu {year}")
        self.page, self.plan_id, self.year = page, plan_id, str(year)

    def redo(self) -> None:
        self.page.show_year(self.plan_id, self.year, shown=True)

    def undo(self) -> None:
        self.page.show_year(self.plan_id, self.year, shown=False)


class TargetYearActions:
    """The Chỉ tiêu screen's part: the action's slot and the columns it shows.

    The screen provides ``ctx``, ``model``, ``proxy``, ``table``, ``undo_stack``,
    ``extra_years`` (per plan: the years added this session), ``set_status``,
    ``selected_ids``, ``apply_filter`` and ``_after_columns_changed``."""

    ctx: Any
    model: Any
    proxy: Any
    table: Any
    undo_stack: Any
    extra_years: dict[int, set[str]]
    set_status: Any
    selected_ids: Any
    apply_filter: Any
    _after_columns_changed: Any
    dialog: Any

    def add_target_year(self) -> None:
        """Thêm năm mục tiêu…: ask for a year and show its empty column (undoable)."""
        plan_id = self.ctx.current_plan_id
        if plan_id is None:
            self.set_status("Hãy chọn hoặc nhập một kế hoạch trước.")
            return
        page: Any = self
        dialog = YearDialog(self.model.data_set.years, page)
        self.dialog = dialog  # reachable from tests
        if dialog.exec() and dialog.result_year is not None:
            self.undo_stack.push(AddYearCommand(self, plan_id, dialog.result_year))

    def show_year(self, plan_id: int, year: str, *, shown: bool) -> None:
        """Show (or take away) the empty column of *year* on plan *plan_id*."""
        years = self.extra_years.setdefault(plan_id, set())
        if shown:
            years.add(year)
        else:
            years.discard(year)
        if plan_id != self.ctx.current_plan_id:
            return
        self.model.set_extra_years(frozenset(years))
        self._after_columns_changed()
        self.apply_filter()
        column = self.model.year_column(year)
        if shown:
            self._go_to_column(column)
            self.set_status(
                f"Đã thêm cột mục tiêu năm {year}: gõ mục tiêu vào các ô của cột "
                "(cột trống không được lưu). Bấm Ctrl+Z để hoàn tác."
            )
        elif column >= 0:
            self.set_status(f"Cột năm {year} đã có mục tiêu nên vẫn được giữ.")
        else:
            self.set_status(f"Đã bỏ cột mục tiêu năm {year}.")

    def _go_to_column(self, column: int) -> None:
        """Make the first indicator's cell in *column* current (ready for F2 or typing)."""
        ids = self.selected_ids()
        rows = [r for r in range(self.proxy.rowCount()) if self._row_id(r) is not None]
        row = next((r for r in rows if self._row_id(r) in ids), rows[0] if rows else -1)
        if row < 0:
            return
        index = self.proxy.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _row_id(self, row: int) -> int | None:
        value = self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole)
        return None if value is None else int(value)
