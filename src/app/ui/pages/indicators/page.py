"""Chỉ tiêu screen: the indicators of the current plan with a target column per milestone year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError, NotFoundError
from app.services import Changes
from app.services.group_edit import INDICATORS, list_groups
from app.services.indicator_edit import IndicatorInput, check_input, indicator_input_of
from app.services.plans import list_indicators
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.pages.group_actions import GroupActions
from app.ui.pages.group_rows import GroupLine, span_titles
from app.ui.pages.indicators.commands import (
    AddIndicatorCommand,
    DeleteIndicatorsCommand,
    EditIndicatorCommand,
    MoveIndicatorCommand,
)
from app.ui.pages.indicators.model import TARGET_PREFIX, IndicatorData, IndicatorsModel, prepare
from app.ui.pages.indicators.years import TargetYearActions
from app.ui.pages.row_page import RowPage, refill_combo
from app.ui.widgets import (
    PlanPicker,
    RowFilterProxy,
    SearchBox,
    busy_cursor,
    run_busy,
)
from app.vntext import clean_cell, fold

__all__ = ["IndicatorsModel", "IndicatorsPage", "prepare"]

NAME_MIN, NAME_MAX = 170, 520
"""Width of the Chỉ tiêu column: it takes the room left, within these bounds."""
UNIT_WIDTH, LEAD_WIDTH, COOPERATING_WIDTH = 88, 160, 140


class YearHeader(QHeaderView):
    """Paints "Mục tiêu 2030" on two lines, the year alone on the second, so a narrow
    target column still shows its year (Qt elides a header as one line)."""

    def __init__(self, table: QTableView) -> None:
        old = table.horizontalHeader()
        super().__init__(Qt.Orientation.Horizontal, table)
        self.setSectionsClickable(True)
        self.setSortIndicatorShown(True)
        self.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setHighlightSections(old.highlightSections())
        self.setStretchLastSection(old.stretchLastSection())
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical_index: int) -> None:
        super().initStyleOptionForIndex(option, logical_index)
        words, _, year = option.text.rpartition(" ")
        if words == "Mục tiêu" and year.isdigit():
            option.text = f"{words}\n{year}"


class IndicatorsPage(TargetYearActions, RowPage, QWidget):
    CHANGES = Changes(indicators=True, units=True, reports=True)
    NOUN = "chỉ tiêu"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = IndicatorsModel()
        self.undo_stack = QUndoStack(self)
        self.last_status = ""
        self._select_id: int | None = None
        self.extra_years: dict[int, set[str]] = {}
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.picker = PlanPicker(ctx)
        self.search = SearchBox("Tìm chỉ tiêu, đơn vị… (Ctrl+F)")
        self.search.install_shortcut(self)
        self.search.search.connect(lambda _t: self.apply_filter())
        self.group_filter = self.filter_combo("Mọi nhóm")
        self.unit_filter = self.filter_combo("Mọi đơn vị")
        self.count_label = QLabel()
        self.count_label.setContentsMargins(8, 0, 0, 0)
        self.table = self.make_table(self.proxy)
        self.table.viewport().installEventFilter(self)
        self.table.setHorizontalHeader(YearHeader(self.table))
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.on_sort)
        self.model.cell_edited.connect(self.on_model_cell_edited)
        self.make_row_actions("Sửa chỉ tiêu…", "Thêm chỉ tiêu…")
        self.year_action = self.action(
            "Thêm năm mục tiêu…", self.add_target_year, [], table_only=False
        )
        self.table.addAction(self.year_action)
        self.groups = GroupActions(self, INDICATORS)
        self.finish_context_menu()
        self.empty = QLabel("Chưa có kế hoạch nào. Hãy nhập kế hoạch ở màn hình Kế hoạch (Ctrl+I).")
        self._lay_out()
        ctx.plan_selected.connect(lambda _pid: self.reload())
        ctx.changed.connect(self.on_changed)
        self.reload()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Kế hoạch:"))
        top.addWidget(self.picker, 1)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Nhóm:"))
        filters.addWidget(self.group_filter, 2)
        filters.addWidget(QLabel("Chủ trì:"))
        filters.addWidget(self.unit_filter, 1)
        filters.addStretch()
        buttons = QHBoxLayout()
        actions = (self.add_action, self.edit_action, self.delete_action)
        for action in (*actions, self.up_action, self.down_action, self.year_action):
            buttons.addWidget(self.button(action))
        buttons.addWidget(self.groups.menu_button())
        buttons.addStretch()
        layout = QVBoxLayout(self)
        margins = layout.contentsMargins()
        margins.setRight(18)  # room between the count (and the last column) and the edge
        layout.setContentsMargins(margins)
        layout.addWidget(QLabel("<h2>Chỉ tiêu</h2>"))
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def on_changed(self, changes: Changes) -> None:
        if changes.indicators or changes.plans:
            self.reload()

    def reload(self) -> None:
        plan_id = self.ctx.current_plan_id
        self.empty.setVisible(plan_id is None)
        self.table.setVisible(plan_id is not None)
        if plan_id is None:
            self._show(IndicatorData([], [], []))
            return
        db = self.ctx.db
        run_busy(
            self,
            lambda: prepare(
                list_indicators(db, plan_id), list_groups(db, plan_id, kind=INDICATORS)
            ),
            lambda data: self._show(data, plan_id),
        )

    def _show(self, data: IndicatorData, plan_id: int | None = None) -> None:
        refill_combo(self.group_filter, [(g.label, g.name) for g in data.groups])
        refill_combo(self.unit_filter, [(key, name) for key, name in data.units])
        extra = self.extra_years.get(plan_id, set()) if plan_id is not None else set()
        self.model.extra_years = frozenset(extra)
        self.model.set_data(data)
        self._after_columns_changed()
        self.apply_filter()
        if self._select_id is not None:
            for row in range(self.proxy.rowCount()):
                if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == self._select_id:
                    self.table.selectRow(row)
            self._select_id = None
        self.groups.reselect()

    def _after_columns_changed(self) -> None:
        """Hide the columns the plan does not use, fit the widths, keep the sort indicator."""
        data = self.model.data_set
        # a column hidden for an earlier plan (or for the empty table shown before the plan
        # is loaded) keeps its flag by position: with fewer Chủ trì/Phối hợp columns before
        # it, a year column stayed hidden ("Mục tiêu 2030" missing after a restart)
        for col in range(self.model.columnCount()):
            self.table.setColumnHidden(col, False)
        self.table.setColumnHidden(0, not data.groups)
        lead_col = 4 + len(data.years)  # Chủ trì, then Phối hợp: hidden when the plan has none
        self.table.setColumnHidden(lead_col, not any(r.lead for r in data.rows))
        self.table.setColumnHidden(lead_col + 1, not any(r.cooperating for r in data.rows))
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() != self.model.sort_column:
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column, self.model.sort_order)
            header.blockSignals(False)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Fixed widths for codes, units and targets; Chỉ tiêu takes the room left
        (never under NAME_MIN: past that the table scrolls sideways, nothing is cut)."""
        years = len(self.model.data_set.years)
        header = self.table.horizontalHeader()
        target = max(72, header.fontMetrics().horizontalAdvance("Mục tiêu") + 30)
        header.setMinimumHeight(header.fontMetrics().lineSpacing() * 2 + 12)  # "Mục tiêu\n2030"
        widths = [44, 52, 0, UNIT_WIDTH] + [target] * years
        widths += [LEAD_WIDTH, COOPERATING_WIDTH]
        table = self.table
        shown = [c for c in range(len(widths)) if not table.isColumnHidden(c)]
        room = table.viewport().width() - sum(widths[c] for c in shown)
        widths[2] = max(NAME_MIN, min(NAME_MAX, room))
        last = shown[-1] if shown else 0
        if last != 2:  # the last column takes what Chỉ tiêu leaves (no gap at the right)
            widths[last] += max(0, room - widths[2])
        for col in shown:
            table.setColumnWidth(col, widths[col])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def apply_filter(self) -> None:
        words = fold(self.search.text()).split()
        group, unit = self.group_filter.currentData(), self.unit_filter.currentData()
        if not words and group is None and unit is None:
            self.proxy.set_predicate(None)
        else:
            self.proxy.set_predicate(self._predicate(words, group, unit))
        model, proxy = self.model, self.proxy
        rows = [proxy.mapFromSource(model.index(r, 0)).row() for r in model.group_rows]
        rows = [r for r in rows if r >= 0]
        span_titles(self.table, rows, title_column=1)
        total = len(model.data_set.rows)
        self.count_label.setText(f"{proxy.rowCount() - len(rows)}/{total} chỉ tiêu")

    def _predicate(
        self, words: list[str], group: str | None, unit: str | None
    ) -> Callable[[int], bool]:
        data = self.model.data_set

        def row_ok(i: int) -> bool:
            if group is not None and data.rows[i].group != group:
                return False
            if unit is not None and unit not in data.lead_keys[i]:
                return False
            return all(w in data.haystacks[i] for w in words)

        shown = {g for i, g in enumerate(data.row_groups) if g is not None and row_ok(i)}
        entries = self.model.entries

        def accept(row: int) -> bool:
            entry = entries[row]
            return entry in shown if isinstance(entry, GroupLine) else row_ok(entry)

        return accept

    def on_sort(self, column: int, order: Qt.SortOrder) -> None:
        busy_cursor(lambda: self.model.sort(column, order))
        self.apply_filter()

    # -------------------------------------------------------------- editing

    def plan_order(self) -> list[int]:
        return [r.id for r in self.model.data_set.rows]

    def delete_command(self, ids: list[int]) -> DeleteIndicatorsCommand:
        return DeleteIndicatorsCommand(self, ids)

    def move_command(self, row_id: int, delta: int) -> MoveIndicatorCommand:
        return MoveIndicatorCommand(self, row_id, delta)

    def edit_row(self, row_id: int) -> None:
        self.edit_indicator(row_id)

    def edit_indicator(self, indicator_id: int) -> None:
        from app.ui.indicator_dialog import IndicatorDialog

        try:
            before = indicator_input_of(self.db, indicator_id)
        except Exception as exc:
            show_error(self, exc)
            self.reload()
            return
        dialog = IndicatorDialog(before, self)
        self.dialog = dialog  # reachable from tests
        after = dialog.result_data if dialog.exec() else None
        if after is not None and after != before:
            self.undo_stack.push(EditIndicatorCommand(self, indicator_id, before, after))

    def edit_cell(self, row_id: int, field: str, text: str) -> None:
        """Save one cell edited in place as an undoable edit of the whole indicator."""
        try:
            before = indicator_input_of(self.db, row_id)
            after = _with_cell(before, field, clean_cell(text))
            check_input(after)
        except AppError as exc:
            show_error(self, exc)
            if isinstance(exc, NotFoundError):
                self.reload()
            return
        if after != before:
            self.undo_stack.push(EditIndicatorCommand(self, row_id, before, after))

    def add_new(self) -> None:
        from app.ui.indicator_dialog import IndicatorDialog

        plan_id = self.ctx.current_plan_id
        if plan_id is None:
            self.set_status("Hãy chọn hoặc nhập một kế hoạch trước.")
            return
        ids = self.selected_ids()
        rows = self.model.data_set.rows
        after = ids[-1] if ids else (rows[-1].id if rows else None)
        dialog = IndicatorDialog(IndicatorInput("", ""), self, title="Thêm chỉ tiêu")
        self.dialog = dialog
        if dialog.exec() and dialog.result_data is not None:
            self.undo_stack.push(AddIndicatorCommand(self, plan_id, after, dialog.result_data))

    def select_after_reload(self, indicator_id: int | None) -> None:
        self._select_id = indicator_id


def _with_cell(data: IndicatorInput, field: str, text: str) -> IndicatorInput:
    """*data* with one in-place edited field changed (``target:YYYY``: that year's target)."""
    if field == "name":
        return replace(data, name=text)
    if field == "unit":
        return replace(data, unit=text)
    if field == "lead":
        return replace(data, lead=text)
    if field == "cooperating":
        return replace(data, cooperating=text)
    year = int(field.removeprefix(TARGET_PREFIX))
    targets = dict(data.targets)
    targets[year] = text
    return replace(data, targets=tuple(sorted(targets.items())))
