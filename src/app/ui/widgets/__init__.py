"""Small widgets and helpers the list screens share.

* ``formats`` — sort keys (:func:`text_key`, :func:`number_key`) and display
  formats (:func:`show_date`, :func:`show_number`); no widgets.
* ``tables`` — :class:`RowsModel`, :class:`RowFilterProxy`, :func:`select_only_row`.
* ``inputs`` — :class:`SearchBox`, :class:`PlanPicker`, :class:`CheckedDialog`, :func:`dialog_buttons`,
  :func:`fit_to_width`.
* ``changes`` — :func:`run_busy`, :func:`show_status`, :class:`ChangeRunner`,
  :class:`RowEditor`.

Everything is importable from ``app.ui.widgets`` itself.
"""

from __future__ import annotations

from app.ui.widgets.changes import ChangeRunner, RowEditor, run_busy, show_status
from app.ui.widgets.formats import number_key, show_date, show_number, text_key
from app.ui.widgets.inputs import (
    CheckedDialog,
    PlanPicker,
    SearchBox,
    dialog_buttons,
    fit_to_width,
)
from app.ui.widgets.tables import (
    Index,
    RowFilterProxy,
    RowsModel,
    busy_cursor,
    select_only_row,
)

__all__ = [
    "ChangeRunner",
    "CheckedDialog",
    "Index",
    "PlanPicker",
    "RowEditor",
    "RowFilterProxy",
    "RowsModel",
    "SearchBox",
    "busy_cursor",
    "dialog_buttons",
    "fit_to_width",
    "number_key",
    "run_busy",
    "select_only_row",
    "show_date",
    "show_number",
    "show_status",
    "text_key",
]
