"""Editing a plan's details by service and through the dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.services.plan_import import import_plan_file
from app.services.plan_info import PlanInfo, delete_plan, get_plan_info, update_plan_info
from app.services.plans import list_plans
from app.ui.plan_dialog import PlanDialog

SAMPLES = Path(__file__).parent / "data" / "samples"


def test_update_and_read_back(db) -> None:
    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    info = get_plan_info(db, plan_id)
    update_plan_info(
        db,
        plan_id,
        PlanInfo(
            number="45/KH-UBND",
            title="Kế hoạch chuyển đổi số năm 2025",
            commune="Tam Chung",
            issue_place="Tam Chung",
            issue_date=date(2025, 7, 5),
            start_year=2025,
            end_year=2025,
            legal_bases=["Căn cứ Nghị quyết số 57-NQ/TW", ""],
            signer_title="CHỦ TỊCH",
            status="issued",
        ),
    )
    again = get_plan_info(db, plan_id)
    assert again.number == "45/KH-UBND" and again.issue_date == date(2025, 7, 5)
    assert again.legal_bases == ["Căn cứ Nghị quyết số 57-NQ/TW"]
    assert info.number == "" and again.status == "issued"
    assert list_plans(db)[0].number == "45/KH-UBND"


@pytest.mark.parametrize(
    ("info", "field"),
    [
        (PlanInfo(number="", title="  "), "title"),
        (PlanInfo(number="", title="KH", start_year=2030, end_year=2025), "start_year"),
        (PlanInfo(number="", title="KH", end_year=1800), "end_year"),
    ],
)
def test_invalid_details_are_refused(db, info: PlanInfo, field: str) -> None:
    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    with pytest.raises(ValidationError) as exc:
        update_plan_info(db, plan_id, info)
    assert exc.value.field == field
    assert get_plan_info(db, plan_id).title != "  "


def test_delete_backs_up_first(db) -> None:
    from app.backup import list_backups

    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    delete_plan(db, plan_id)
    assert list_plans(db) == []
    assert any(b.reason == "delete" for b in list_backups(db.path))


def test_dialog_round_trip_and_focus_on_error(qtbot, monkeypatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr("app.ui.widgets.inputs.show_error", lambda _p, e: errors.append(e.message))
    dialog = PlanDialog(PlanInfo(number="01/KH-UBND", title="Kế hoạch A", start_year=2025))
    qtbot.addWidget(dialog)
    assert dialog.collect().start_year == 2025 and dialog.collect().end_year is None
    assert dialog.collect().issue_date is None
    dialog.has_date.setChecked(True)
    assert isinstance(dialog.collect().issue_date, date)
    dialog.title_edit.setPlainText("")
    dialog.accept()
    assert errors == ["Hãy nhập trích yếu (tên) của kế hoạch."]
    assert dialog.result_data is None
    dialog.title_edit.setPlainText("Kế hoạch B")
    dialog.accept()
    assert dialog.result_data is not None and dialog.result_data.title == "Kế hoạch B"
