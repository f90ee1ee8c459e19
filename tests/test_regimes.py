"""Report regimes: the plan's words, the officer's settings, defaults; the dialog on Báo cáo."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.errors import ValidationError
from app.models import Plan
from app.periods import SendingRule, period_containing, sending_deadline
from app.services import Changes
from app.services.plan_import import import_plan_file
from app.services.regimes import (
    RegimeChange,
    deadlines_between,
    list_regimes,
    next_due,
    preview_rule,
    regime_rule,
    save_regimes,
)
from app.services.reports import compile_report, due_reports
from app.ui.context import AppContext
from app.ui.ops import DbOp
from qt_support import settings_in

SAMPLES = Path(__file__).parent / "data" / "samples"
SHOTS = Path("/tmp/kh57-shots")
WORDS = (
    "Các phòng, ban gửi báo cáo hằng tháng trước ngày 15 hằng tháng; gửi báo cáo 6 tháng "
    "trước ngày 05/6; gửi báo cáo năm trước ngày 01/12."
)
TODAY = date(2025, 9, 20)


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)


@pytest.fixture
def plan_id(db: Any) -> int:
    return import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id


def _say(db: Any, plan_id: int, words: str) -> None:
    with db.begin() as s:
        s.get(Plan, plan_id).organisation = words


def test_defaults_without_words(db, plan_id) -> None:
    rows = {r.kind: r for r in list_regimes(db, plan_id, TODAY)}
    assert list(rows) == ["monthly", "quarterly", "half_year", "yearly", "adhoc"]
    monthly = rows["monthly"]
    assert (monthly.enabled, monthly.source, monthly.sending_rule_text) == (True, "mặc định", "")
    assert monthly.next_period_label == "Tháng 10/2025"
    assert monthly.next_deadline == date(2025, 10, 14)  # the cut-off day
    assert not any(rows[k].enabled for k in ("quarterly", "half_year", "yearly", "adhoc"))
    assert rows["adhoc"].next_deadline is None
    assert [d.kind for d in due_reports(db, TODAY)] == ["monthly"]


def test_plan_words_give_the_rules(db, plan_id) -> None:
    _say(db, plan_id, WORDS)
    rows = {r.kind: r for r in list_regimes(db, plan_id, TODAY)}
    assert rows["monthly"].source == "kế hoạch"
    assert rows["monthly"].sending_rule_text == "trước ngày 15 hằng tháng"
    assert (rows["monthly"].next_period_label, rows["monthly"].next_deadline) == (
        "Tháng 10/2025",
        date(2025, 10, 15),
    )
    assert rows["half_year"].enabled and rows["half_year"].next_deadline == date(2026, 6, 5)
    assert rows["half_year"].next_period_label == "6 tháng đầu năm 2026"
    assert rows["yearly"].next_deadline == date(2025, 12, 1)
    assert not rows["quarterly"].enabled and rows["quarterly"].source == "mặc định"
    kinds = {d.kind: d for d in due_reports(db, TODAY)}
    assert set(kinds) == {"monthly", "half_year", "yearly"}
    assert kinds["monthly"].deadline == date(2025, 10, 15)


def test_officer_settings_win_and_bad_words_are_refused(db, plan_id) -> None:
    _say(db, plan_id, WORDS)
    save_regimes(
        db,
        plan_id,
        [
            RegimeChange("monthly", True, "chậm nhất ngày 20 hằng tháng"),
            RegimeChange("quarterly", True, ""),
            RegimeChange("yearly", False, ""),
        ],
    )
    rows = {r.kind: r for r in list_regimes(db, plan_id, TODAY)}
    assert rows["monthly"].source == "cán bộ"
    assert rows["monthly"].next_deadline == date(2025, 9, 20)  # 2025-09 still open today
    assert rows["quarterly"].enabled and rows["quarterly"].next_deadline == date(2025, 12, 14)
    assert not rows["yearly"].enabled and rows["yearly"].source == "kế hoạch"
    assert regime_rule(db, plan_id, "monthly") == SendingRule(
        20, text="chậm nhất ngày 20 hằng tháng"
    )
    assert {d.kind for d in due_reports(db, TODAY)} == {"monthly", "quarterly", "half_year"}
    with pytest.raises(ValidationError, match="Báo cáo quý: Không hiểu hạn gửi"):
        save_regimes(
            db,
            plan_id,
            [RegimeChange("monthly", True, ""), RegimeChange("quarterly", True, "sớm nhất")],
        )
    assert list_regimes(db, plan_id, TODAY)[0].source == "cán bộ"  # nothing was written
    with pytest.raises(ValidationError, match="ngày trong tháng"):
        save_regimes(db, plan_id, [RegimeChange("monthly", True, "trước ngày 05/6")])


def test_next_due_and_coming_deadlines() -> None:
    rule = SendingRule(10)
    assert next_due("monthly", rule, date(2025, 10, 5)).key == "2025-09"  # due 10/10
    assert next_due("monthly", rule, date(2025, 10, 11)).key == "2025-10"  # due 10/11
    assert next_due("half_year", None, date(2025, 7, 1)).key == "2026-H1"  # H2 is on request
    assert next_due("adhoc", None, TODAY) is None
    got = deadlines_between("monthly", rule, date(2025, 10, 1), date(2025, 11, 30))
    assert [(p.key, d) for p, d in got] == [
        ("2025-09", date(2025, 10, 10)),
        ("2025-10", date(2025, 11, 10)),
    ]
    assert preview_rule("monthly", "trước ngày 15 hằng tháng", TODAY) == (date(2025, 10, 15), "")
    assert preview_rule("monthly", "khi nào xong", TODAY)[0] is None


def test_regimes_dialog_sets_the_units_matrix_rule(qtbot, db, plan_id, monkeypatch) -> None:
    from app.ui.pages.reports.page import ReportsPage
    from app.ui.pages.reports.regimes_dialog import RegimesDialog

    _say(db, plan_id, WORDS)
    ctx = AppContext(db)
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("monthly"))
    assert page.units.rule == SendingRule(15, text="trước ngày 15 hằng tháng")
    today = date.today()
    month = period_containing("monthly", today)
    text = page.period_combo.currentText()
    deadline = sending_deadline(month, page.units.rule)
    shown = f"{deadline:%d/%m}" if deadline.year == month.end.year else f"{deadline:%d/%m/%Y}"
    assert text.startswith(f"{month.label_vi} — Chưa lập — hạn {shown}, ")
    seen: dict[str, Any] = {}

    def fake_exec(dialog: RegimesDialog) -> int:
        dialog.resize(900, 330)
        assert dialog.sources["monthly"].text() == "kế hoạch"
        dialog.edits["monthly"].setText("khi nào xong")
        assert dialog.nexts["monthly"].text() == "Không đọc được hạn gửi"
        assert "Không hiểu hạn gửi" in dialog.message.text()
        dialog.accept()  # refused: stays open
        assert dialog.saved is None
        dialog.edits["monthly"].setText("trước ngày 20 hằng tháng")
        assert dialog.sources["monthly"].text() == "cán bộ"
        assert dialog.message.text() == ""
        seen["next"] = dialog.nexts["monthly"].text()
        dialog.checks["quarterly"].setChecked(True)
        dialog.show()
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(SHOTS / "regimes-dialog.png"))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RegimesDialog, "exec", fake_exec)
    page.on_regimes_clicked()
    rule = SendingRule(20, text="trước ngày 20 hằng tháng")
    first = sending_deadline(month, rule)
    assert seen["next"].startswith(f"{first:%d/%m/%Y}") or seen["next"].startswith(
        f"{sending_deadline(period_containing('monthly', first), rule):%d/%m/%Y}"
    )
    assert page.units.rule == rule  # the matrix follows the saved regime
    assert f"hạn {first:%d/%m}" in page.period_combo.currentText()
    compile_report(db, plan_id=plan_id, period_key=month.key)
    page.on_changed(Changes(reports=True))
    assert " — Nháp — " in page.period_combo.currentText()
    rows = {r.kind: r for r in list_regimes(db, plan_id)}
    assert rows["quarterly"].enabled and rows["monthly"].source == "cán bộ"
    assert rows["half_year"].source == "kế hoạch"  # untouched rows keep the plan's words
