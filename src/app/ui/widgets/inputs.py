"""Input widgets and dialog helpers the screens share.

* :class:`SearchBox` — a search field (Ctrl+F focuses it) that reports its
  text after a short pause, so typing in a 20,000-row list stays smooth.
* :class:`PlanPicker` — a combo of the plans that follows
  ``ctx.current_plan_id`` and selects the plan the officer picks.
* :func:`fit_to_width`, :func:`dialog_buttons` — sizing and the Lưu/Huỷ row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QWidget

from app.errors import ValidationError
from app.services import Changes
from app.services.plans import PlanRow, list_plans
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.ops import DbOp


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


class CheckedDialog(QDialog):
    """A dialog whose OK runs ``check()`` and keeps its result in ``result_data``.

    A ValidationError is shown in one sentence and the dialog stays open with the
    field it names focused (:meth:`on_invalid`; by default the attribute of that
    name, else ``DEFAULT_FIELD``).
    """

    DEFAULT_FIELD = "name"
    result_data: Any = None

    def check(self) -> Any:
        raise NotImplementedError

    def on_invalid(self, exc: ValidationError) -> None:
        widget = getattr(self, exc.field or "", None)
        if not isinstance(widget, QWidget):
            widget = getattr(self, self.DEFAULT_FIELD, None)
        if isinstance(widget, QWidget):
            widget.setFocus()

    def accept(self) -> None:
        try:
            self.result_data = self.check()
        except ValidationError as exc:
            show_error(self, exc)
            self.on_invalid(exc)
            return
        super().accept()
