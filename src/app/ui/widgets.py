"""Small widgets and helpers the list screens share.

* :class:`SearchBox` — a search field (Ctrl+F focuses it) that reports its
  text after a short pause, so typing in a 20,000-row list stays smooth.
* :class:`PlanPicker` — a combo of the plans that follows
  ``ctx.current_plan_id`` and selects the plan the officer picks.
* :func:`text_key` / :func:`number_key` — sort keys: Vietnamese dictionary
  order (same order as ``app.vntext.sort_key``, computed word by word with a
  cache) and natural numbering ("1.2" < "1.10", "II" < "IV").
* :func:`show_date` / :func:`show_number` — dd/mm/yyyy and decimal comma.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from app.services import Changes
from app.services.plans import PlanRow, list_plans
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.vntext import SortKey, clean_cell, sort_key

if TYPE_CHECKING:
    from app.db import Database

# ------------------------------------------------------------------ sort keys

_SPACE = sort_key("a b")
_SPACE_KEY = (_SPACE[0][1], _SPACE[1][1], _SPACE[2][1])


@lru_cache(maxsize=100_000)
def _word_key(word: str) -> SortKey:
    return sort_key(word)


def text_key(text: str) -> SortKey:
    """``sort_key(text)``, fast on long lists (words repeat, their keys are cached).

    Tone placement works inside one syllable, so joining per-word keys with
    the key of a space gives exactly ``sort_key`` of the whole cleaned text.
    """
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for i, word in enumerate(clean_cell(text).split(" ")):
        if i:
            primary.append(_SPACE_KEY[0])
            tones.append(_SPACE_KEY[1])
            cases.append(_SPACE_KEY[2])
        p, t, c = _word_key(word)
        primary.extend(p)
        tones.extend(t)
        cases.extend(c)
    return (tuple(primary), tuple(tones), tuple(cases))


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PART = re.compile(r"\d+|[^\d.]+")


def _roman(text: str) -> int | None:
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def number_key(text: str) -> tuple[tuple[int, int, object], ...]:
    """Natural order of numbering: 1.2 < 1.10, II < IV, 2a < 10; blanks last."""
    cleaned = clean_cell(text).rstrip(".")
    if not cleaned:
        return ((3, 0, ""),)
    roman = _roman(cleaned.upper()) if cleaned.isalpha() and cleaned.isupper() else None
    if roman is not None:
        return ((0, roman, ""),)
    parts: list[tuple[int, int, object]] = []
    for piece in _PART.findall(cleaned):
        if piece.isdigit():
            parts.append((1, int(piece), ""))
        else:
            parts.append((2, 0, text_key(piece)))
    return tuple(parts)


# ------------------------------------------------------------------ formatting


def show_date(iso: str | date | None) -> str:
    """dd/mm/yyyy, or "" for no date."""
    if not iso:
        return ""
    d = date.fromisoformat(iso) if isinstance(iso, str) else iso
    return d.strftime("%d/%m/%Y")


def show_number(value: float | None) -> str:
    """A number with decimal comma and no needless decimals: 1,5 · 80 · 0,25."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def show_status(widget: QWidget, text: str, timeout_ms: int = 8000) -> None:
    """Show *text* on the main window's status bar (when the widget has one)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)


def run_busy(
    parent: QWidget,
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> None:
    """``DbOp`` with a busy cursor until the result (or error) is back."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def done(result: Any) -> None:
        try:
            on_success(result)  # showing 20,000 rows also takes a moment
        finally:
            QApplication.restoreOverrideCursor()

    def failed(exc: BaseException) -> None:
        QApplication.restoreOverrideCursor()
        if on_failure is not None:
            on_failure(exc)
            return
        from app.ui.errors import show_error

        show_error(parent, exc)

    DbOp(parent, fn).success(done).failure(failed).run()


Index = QModelIndex | QPersistentModelIndex


class RowFilterProxy(QSortFilterProxyModel):
    """Filters source rows with one predicate; sorting is left to the source model.

    The source model sorts its own cached rows with precomputed keys (much
    faster than ``lessThan`` on 20,000 rows), so :meth:`sort` delegates to it.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._accept: Callable[[int], bool] | None = None

    def set_predicate(self, accept: Callable[[int], bool] | None) -> None:
        """*accept(source_row)*; None shows every row."""
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self._accept = accept
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._accept = accept
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._accept is None or self._accept(source_row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def busy_cursor(fn: Callable[[], None]) -> None:
    """Run *fn* on the UI thread with a wait cursor (sorting a long list)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        fn()
    finally:
        QApplication.restoreOverrideCursor()


# ------------------------------------------------------------------ widgets


class SearchBox(QLineEdit):
    """Search field: emits ``search`` a moment after typing stops; Ctrl+F focuses it."""

    search = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setToolTip("Tìm không cần gõ dấu, không phân biệt chữ hoa (Ctrl+F)")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(lambda: self.search.emit(self.text()))
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.flush)

    def install_shortcut(self, owner: QWidget) -> None:
        shortcut = QShortcut(QKeySequence.StandardKey.Find, owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.focus_all)

    def focus_all(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def flush(self) -> None:
        """Emit now (Enter, tests) instead of waiting for the pause."""
        self._timer.stop()
        self.search.emit(self.text())


class PlanPicker(QComboBox):
    """The plans by number and title; follows and sets ``ctx.current_plan_id``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setMinimumContentsLength(40)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setPlaceholderText("Chưa có kế hoạch")
        self._filling = False
        self.currentIndexChanged.connect(self.on_index_changed)
        ctx.plan_selected.connect(self.follow)
        ctx.changed.connect(self.on_changed)
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.plans:
            self.refresh()

    def refresh(self) -> None:
        DbOp(self, lambda: list_plans(self.ctx.db)).success(self.set_plans).run()

    def set_plans(self, plans: list[PlanRow]) -> None:
        self._filling = True
        self.clear()
        for p in plans:
            label = " — ".join(x for x in (p.number, p.title) if x)
            self.addItem(label, p.id)
            self.setItemData(self.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self._filling = False
        if plans and self.ctx.current_plan_id not in {p.id for p in plans}:
            self.ctx.select_plan(plans[-1].id)
        self.follow(self.ctx.current_plan_id)

    def follow(self, plan_id: int | None) -> None:
        index = self.findData(plan_id) if plan_id is not None else -1
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)

    def on_index_changed(self, index: int) -> None:
        if self._filling or index < 0:
            return
        self.ctx.select_plan(int(self.itemData(index)))


def fit_to_width(dialog: QWidget, width: int) -> None:
    """Size *dialog* to *width* and the height its wrapped labels need at that width.

    ``resize(width, 0)`` gives a word-wrapped label the height it needs at its own
    preferred width; in a narrower dialog its last line is cut off.
    """
    height = max(dialog.heightForWidth(width), dialog.minimumSizeHint().height())
    dialog.resize(width, height)
    dialog.setMinimumHeight(height)


def dialog_buttons(
    dialog: QDialog, *, ok_text: str = "Lưu", cancel_text: str = "Huỷ", save: bool = True
) -> QDialogButtonBox:
    """The Vietnamese OK/Cancel row of a dialog, wired to accept() and reject()."""
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table of row DTOs; subclasses say what each cell shows."""

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        return self.extra(row, index.column(), role)

    def display(self, row: R, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row: R, column: int) -> str | None:
        text = self.display(row, column)
        return text if len(text) > 40 else None

    def extra(self, row: R, column: int, role: int) -> Any:
        return None

    def sort_value(self, row: R, column: int) -> Any:
        return sort_key(self.display(row, column))

    def search_text(self, row: R) -> str:
        return " ".join(self.display(row, c) for c in range(len(self.HEADERS)))


class ChangeRunner:
    """For screens that run undoable changes: status line, change signal, errors.

    The screen provides ``ctx``, ``reload()`` and ``CHANGES`` (what its changes touch).
    """

    CHANGES: ClassVar[Changes] = Changes()
    last_status: str = ""

    def run_change(
        self,
        fn: Callable[[], Any],
        message: Callable[[Any], str],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        from app.ui.errors import show_error

        page: Any = self

        def done(result: Any) -> None:
            self.set_status(message(result))
            page.ctx.changed.emit(self.CHANGES)

        def failed(exc: BaseException) -> None:
            if on_failure is not None:
                on_failure(exc)
            show_error(page, exc)
            page.reload()

        run_busy(page, fn, done, failed)

    def set_status(self, text: str) -> None:
        self.last_status = text
        show_status(self, text)  # type: ignore[arg-type]

    def selected_ids(self) -> list[int]:
        """Ids (UserRole) of the selected rows of the page's ``table`` through its ``proxy``."""
        page: Any = self
        selection = page.table.selectionModel()
        rows = selection.selectedRows() if selection else []
        ids = [page.proxy.mapToSource(ix).data(Qt.ItemDataRole.UserRole) for ix in rows]
        return [i for i in ids if i is not None]


class RowEditor(Protocol):
    """What undoable row commands need from the screen that pushes them."""

    def run_change(
        self,
        fn: Callable[[], Any],
        message: Callable[[Any], str],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None: ...

    @property
    def db(self) -> Database: ...

    def select_after_reload(self, row_id: int | None) -> None: ...


def select_only_row(table: QAbstractItemView, row: int) -> None:
    """Make *row* the one selected and current row of *table* and show it.

    Unlike ``QTableView.selectRow`` this does not depend on the keyboard
    modifiers held at the time (with Ctrl, selectRow toggles the row)."""
    index = table.model().index(row, 0)
    flags = QItemSelectionModel.SelectionFlag
    table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    table.scrollTo(index)
