"""Commune side: linking a plan's indicators to the catalogue of standard indicators."""

from __future__ import annotations

from app.catalogue import catalogue_entry, load_catalogue, match_indicator
from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Indicator
from app.services import Changes


def catalogue_options() -> list[tuple[str, str]]:
    """(code, name) of every catalogue entry, for a picker."""
    return [(e.code, e.name) for e in load_catalogue().entries]


def set_catalogue_code(db: Database, indicator_id: int, code: str | None) -> Changes:
    """Link an indicator to catalogue entry *code* (None: not a standard indicator).

    The officer's choice; a later re-import of the plan keeps it.
    """
    code = (code or "").strip() or None
    if code is not None and catalogue_entry(code) is None:
        raise ValidationError(
            f"Mã “{code}” không có trong danh mục chỉ tiêu dùng chung; hãy chọn một mã trong "
            "danh sách.",
            field="catalogue_code",
        )
    with db.begin() as s:
        ind = s.get(Indicator, indicator_id)
        if ind is None:
            raise NotFoundError("Chỉ tiêu này không còn trong kế hoạch; hãy tải lại danh sách.")
        ind.catalogue_code = code
        ind.catalogue_manual = True
    return Changes(indicators=True, reports=True)


def reset_catalogue_code(db: Database, indicator_id: int) -> Changes:
    """Forget the officer's choice: link the indicator by its name again."""
    with db.begin() as s:
        ind = s.get(Indicator, indicator_id)
        if ind is None:
            raise NotFoundError("Chỉ tiêu này không còn trong kế hoạch; hãy tải lại danh sách.")
        entry = match_indicator(ind.name)
        ind.catalogue_code = entry.code if entry else None
        ind.catalogue_manual = False
    return Changes(indicators=True, reports=True)
