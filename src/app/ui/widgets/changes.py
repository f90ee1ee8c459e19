"""Running work and changes from a screen: busy cursor, status line, change signal,
errors shown in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from app.services import Changes
from app.ui.ops import DbOp

if TYPE_CHECKING:
    from app.db import Database


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
