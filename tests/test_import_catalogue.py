"""The officer's standard-indicator links chosen in the import preview, on the real samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import ValidationError
from app.models import Indicator
from app.services.consolidation import reset_catalogue_code
from app.services.plan_import import import_plan_file, preview_import
from app.services.plans import list_plans
from test_catalogue import SAMPLE_LINKS

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
PROPOSED = SAMPLE_LINKS["thanh-mien"]
#: 1.1 changed to another entry, 1.2 cleared, 5 (no match by name) linked by hand.
CHOICES: dict[str, str | None] = {"1.1": "CS-04", "1.2": None, "5": "CS-23"}


def stored_links(db: Database) -> dict[str, tuple[str | None, bool]]:
    with db.read() as s:
        rows = s.execute(
            select(Indicator.code, Indicator.catalogue_code, Indicator.catalogue_manual)
        )
        return {code: (cat, manual) for code, cat, manual in rows}


def expected_links(choices: dict[str, str | None]) -> dict[str, tuple[str | None, bool]]:
    out = {code: (cat, False) for code, cat in PROPOSED.items()}
    out.update({code: (cat, True) for code, cat in choices.items()})
    return out


def test_the_preview_proposes_the_links_by_name(db: Database) -> None:
    preview = preview_import(db, SAMPLE, commune="Thanh Miện")
    assert {link.code: link.catalogue_code for link in preview.catalogue_links} == PROPOSED
    assert not any(link.manual for link in preview.catalogue_links)
    assert PROPOSED["1.1"] == "CS-03" and PROPOSED["1.2"] == "CS-01" and PROPOSED["5"] is None


def test_choices_are_stored_as_manual_and_kept_by_a_reimport(db: Database) -> None:
    first = import_plan_file(db, SAMPLE, commune="Thanh Miện", catalogue_overrides=CHOICES)
    assert stored_links(db) == expected_links(CHOICES)
    again = import_plan_file(db, SAMPLE, commune="Thanh Miện")
    assert again.updated and again.plan_id == first.plan_id
    assert stored_links(db) == expected_links(CHOICES)
    preview = preview_import(db, SAMPLE, commune="Thanh Miện")
    shown = {link.code: (link.catalogue_code, link.manual) for link in preview.catalogue_links}
    assert shown == expected_links(CHOICES)
    by_code = {link.code: link for link in preview.catalogue_links}
    assert by_code["5"].catalogue_name == "Tỷ lệ người dân có kỹ năng số cơ bản"
    assert by_code["1.2"].catalogue_name is None


def test_a_reimport_can_change_a_manual_choice_and_reset_brings_back_the_name(
    db: Database,
) -> None:
    import_plan_file(db, SAMPLE, commune="Thanh Miện", catalogue_overrides=CHOICES)
    import_plan_file(db, SAMPLE, commune="Thanh Miện", catalogue_overrides={"1.2": "CS-02"})
    assert stored_links(db) == expected_links({**CHOICES, "1.2": "CS-02"})
    with db.read() as s:
        ind_id = s.scalar(select(Indicator.id).where(Indicator.code == "1.2"))
    assert ind_id is not None
    reset_catalogue_code(db, ind_id)
    import_plan_file(db, SAMPLE, commune="Thanh Miện")
    assert stored_links(db)["1.2"] == ("CS-01", False)


def test_an_unknown_code_is_refused_before_anything_is_written(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        import_plan_file(db, SAMPLE, commune="Thanh Miện", catalogue_overrides={"1.1": "CS-99"})
    assert "CS-99" in info.value.message
    assert list_plans(db) == []
