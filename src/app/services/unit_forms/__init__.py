"""Per-unit report forms: who owes a report, the Excel form, and reading it back.

A form carries its identity (plan, period, unit) on a hidden sheet so that a
form from another plan, period or unit is refused with a clear message.
"""

from __future__ import annotations

from app.services.unit_forms.form_export import _is_lead, export_unit_form
from app.services.unit_forms.form_read import (
    FormChange,
    FormPreview,
    _load_form,
    _meta,
    _preview,
    apply_unit_form,
    read_unit_form,
)
from app.services.unit_forms.layout import (
    FORM_MARK,
    IND_HEADERS,
    IND_SHEET,
    META_SHEET,
    TASK_HEADERS,
    TASK_SHEET,
    _cell,
    _safe,
)
from app.services.unit_forms.tracking import (
    UnitCell,
    UnitMatrix,
    _identity,
    _open_task_filter,
    _unit_task_ids,
    _upsert_unit_report,
    owing_units,
    record_unit_report,
    unit_matrix,
)

__all__ = [
    "FORM_MARK",
    "IND_HEADERS",
    "IND_SHEET",
    "META_SHEET",
    "TASK_HEADERS",
    "TASK_SHEET",
    "FormChange",
    "FormPreview",
    "UnitCell",
    "UnitMatrix",
    "_cell",
    "_identity",
    "_is_lead",
    "_load_form",
    "_meta",
    "_open_task_filter",
    "_preview",
    "_safe",
    "_unit_task_ids",
    "_upsert_unit_report",
    "apply_unit_form",
    "export_unit_form",
    "owing_units",
    "read_unit_form",
    "record_unit_report",
    "unit_matrix",
]
