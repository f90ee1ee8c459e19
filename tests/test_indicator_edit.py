"""indicator_edit: edit (targets re-parsed, catalogue link), add, delete and restore exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import NotFoundError, ValidationError
from app.models import Indicator, IndicatorTarget
from app.models.reporting import IndicatorResult
from app.services.consolidation import catalogue_options
from app.services.indicator_edit import (
    IndicatorInput,
    add_indicator,
    delete_indicators,
    indicator_groups,
    indicator_input_of,
    move_indicator,
    restore_indicators,
    update_indicator,
)
from app.services.plan_import import import_plan_file
from app.services.plans import list_indicators

SAMPLE = Path("tests/data/samples/thanh-mien.xlsx")


def _sample(db) -> int:
    return import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id


def test_update_indicator_reparses_targets_and_keeps_manual_link(db) -> None:
    plan_id = _sample(db)
    row = list_indicators(db, plan_id)[0]
    data = indicator_input_of(db, row.id)
    assert data.name == row.name and len(data.targets) == len(row.targets)
    code = catalogue_options()[-1][0]
    update_indicator(
        db,
        row.id,
        IndicatorInput(
            code="1",
            name="Tỷ lệ  hồ sơ trực tuyến",
            unit="%",
            lead="Phòng Kinh tế",
            targets=((2030, "≥ 90%"), (2025, "Tối thiểu 1,5"), (2027, "  ")),
            catalogue_code=code,
            catalogue_manual=True,
        ),
    )
    after = next(r for r in list_indicators(db, plan_id) if r.id == row.id)
    assert after.name == "Tỷ lệ hồ sơ trực tuyến"
    assert {y: (t.text, t.op, t.value) for y, t in after.targets.items()} == {
        "2025": ("Tối thiểu 1,5", ">=", 1.5),
        "2027": ("", None, None),
        "2030": ("≥ 90%", ">=", 90.0),
    }
    with db.read() as s:
        ind = s.get(Indicator, row.id)
        assert (ind.catalogue_code, ind.catalogue_manual) == (code, True)
        assert [(u.unit.name, u.role) for u in ind.unit_links] == [("Phòng Kinh tế", "lead")]
    # a re-import keeps the officer's choice
    import_plan_file(db, SAMPLE, commune="Thanh Miện")
    with db.read() as s:
        assert s.get(Indicator, row.id).catalogue_code == code
    # "not standard", then "by name" again
    update_indicator(db, row.id, IndicatorInput("1", "Tên", catalogue_manual=True))
    with db.read() as s:
        assert (
            s.get(Indicator, row.id).catalogue_code,
            s.get(Indicator, row.id).catalogue_manual,
        ) == (
            None,
            True,
        )
    update_indicator(db, row.id, IndicatorInput("1", row.name))
    with db.read() as s:
        assert s.get(Indicator, row.id).catalogue_manual is False


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (IndicatorInput("1", " "), "name"),
        (IndicatorInput("1", "x", targets=((25, "1"),)), "targets"),
        (IndicatorInput("1", "x", targets=((2025, "1"), (2025, "2"))), "targets"),
        (IndicatorInput("1", "x", catalogue_code="ZZZ", catalogue_manual=True), "catalogue"),
    ],
)
def test_update_indicator_refuses_bad_input(db, data, field) -> None:
    plan_id = _sample(db)
    row = list_indicators(db, plan_id)[0]
    with pytest.raises(ValidationError) as info:
        update_indicator(db, row.id, data)
    assert info.value.field == field
    assert list_indicators(db, plan_id)[0] == row


def test_add_indicator_after_row_and_at_end(db) -> None:
    plan_id = _sample(db)
    before = list_indicators(db, plan_id)
    new_id = add_indicator(
        db,
        plan_id,
        after_indicator_id=before[1].id,
        data=IndicatorInput("2a", "Chỉ tiêu mới", targets=((2025, "100%"),)),
    )
    after = list_indicators(db, plan_id)
    assert [r.id for r in after] == [before[0].id, before[1].id, new_id] + [
        r.id for r in before[2:]
    ]
    assert after[2].group == before[1].group
    assert after[2].targets["2025"].value == 100.0
    last = add_indicator(db, plan_id, after_indicator_id=None, data=IndicatorInput("", "Cuối"))
    assert list_indicators(db, plan_id)[-1].id == last
    with pytest.raises(NotFoundError):
        add_indicator(db, plan_id, after_indicator_id=99999, data=IndicatorInput("", "x"))


def test_delete_and_restore_keeps_targets_links_and_results(db) -> None:
    plan_id = _sample(db)
    before = list_indicators(db, plan_id)
    victim = before[0].id
    with db.begin() as s:
        s.add(
            IndicatorResult(
                indicator_id=victim,
                period_key="2025-Y",
                period_end=date(2025, 12, 31),
                actual_text="85%",
                actual_value=85.0,
            )
        )
        ind = s.get(Indicator, victim)
        snapshot = (ind.catalogue_code, [(u.unit_id, u.role) for u in ind.unit_links])
    deleted = delete_indicators(db, [victim, before[2].id])
    assert (deleted.count, deleted.result_count) == (2, 1)
    assert len(list_indicators(db, plan_id)) == len(before) - 2
    with db.read() as s:
        assert s.scalars(select(IndicatorResult)).all() == []
        assert not s.scalars(
            select(IndicatorTarget).where(IndicatorTarget.indicator_id == victim)
        ).all()
    assert restore_indicators(db, deleted) == (victim, before[2].id)
    assert list_indicators(db, plan_id) == before
    with db.read() as s:
        result = s.scalars(select(IndicatorResult)).one()
        assert (result.indicator_id, result.actual_value) == (victim, 85.0)
        ind = s.get(Indicator, victim)
        assert (ind.catalogue_code, [(u.unit_id, u.role) for u in ind.unit_links]) == snapshot
    with pytest.raises(NotFoundError):
        delete_indicators(db, [99999])
    assert delete_indicators(db, []).count == 0


def _order(db, plan_id: int) -> list[tuple[int, str | None]]:
    return [(r.id, r.group) for r in list_indicators(db, plan_id)]


def test_move_indicator_swaps_in_group_and_crosses_group_edges(db) -> None:
    plan_id = import_plan_file(
        db, Path("tests/data/samples/tam-chung.xlsx"), commune="Tam Chung"
    ).plan_id
    assert [label for label, _t in indicator_groups(db, plan_id)] == ["I", "II", "III", "IV", "V"]
    before = _order(db, plan_id)
    (a, ga), (b, gb), (c, gc) = before[:3]
    assert ga == gb == "I" and gc == "II"
    move_indicator(db, b, -1)  # inside group I: swap
    assert _order(db, plan_id)[:3] == [(b, "I"), (a, "I"), (c, "II")]
    move_indicator(db, b, 1)
    assert _order(db, plan_id) == before
    move_indicator(db, b, 1)  # last of group I: joins group II, same place
    assert _order(db, plan_id)[:3] == [(a, "I"), (b, "II"), (c, "II")]
    move_indicator(db, b, -1)  # and back
    assert _order(db, plan_id) == before
    with pytest.raises(ValidationError, match="đã ở đầu danh sách"):
        move_indicator(db, a, -1)
    with pytest.raises(ValidationError, match="đã ở cuối danh sách"):
        move_indicator(db, before[-1][0], 1)
    with pytest.raises(ValueError):
        move_indicator(db, a, 2)
    with pytest.raises(NotFoundError):
        move_indicator(db, 10**9, 1)
    assert _order(db, plan_id) == before


def test_move_indicator_keeps_other_plans_apart(db) -> None:
    first = _sample(db)
    second = import_plan_file(
        db, Path("tests/data/samples/tam-chung.xlsx"), commune="Tam Chung"
    ).plan_id
    other_before = _order(db, second)
    last = list_indicators(db, first)[-1].id
    with pytest.raises(ValidationError):
        move_indicator(db, last, 1)
    ids = [i for i, _g in _order(db, first)]
    move_indicator(db, ids[1], -1)
    assert [i for i, _g in _order(db, first)][:2] == [ids[1], ids[0]]
    assert _order(db, second) == other_before
