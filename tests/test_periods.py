"""Report periods, data windows and sending deadlines (Nghị định 09/2019, Điều 12)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.periods import (
    PERIOD_KINDS,
    DueInfo,
    PeriodKind,
    ReportPeriod,
    SendingRule,
    adhoc_period,
    due_status,
    monthly_periods_in,
    next_period,
    parse_period_kind,
    parse_sending_rule,
    parse_sending_rules,
    period_containing,
    period_from_key,
    periods_between,
    previous_period,
    sending_deadline,
    submission_state,
)

SEEDS = Path(__file__).parent / "data" / "seeds"
D = date

# ---------------------------------------------------------------- keys and windows


@pytest.mark.parametrize(
    ("key", "kind", "year", "index", "start", "end", "label"),
    [
        ("2025-09", "monthly", 2025, 9, D(2025, 8, 15), D(2025, 9, 14), "Tháng 9/2025"),
        ("2025-01", "monthly", 2025, 1, D(2024, 12, 15), D(2025, 1, 14), "Tháng 1/2025"),
        ("2025-12", "monthly", 2025, 12, D(2025, 11, 15), D(2025, 12, 14), "Tháng 12/2025"),
        ("2028-03", "monthly", 2028, 3, D(2028, 2, 15), D(2028, 3, 14), "Tháng 3/2028"),
        ("2025-Q1", "quarterly", 2025, 1, D(2024, 12, 15), D(2025, 3, 14), "Quý I/2025"),
        ("2025-Q2", "quarterly", 2025, 2, D(2025, 3, 15), D(2025, 6, 14), "Quý II/2025"),
        ("2025-Q3", "quarterly", 2025, 3, D(2025, 6, 15), D(2025, 9, 14), "Quý III/2025"),
        ("2025-Q4", "quarterly", 2025, 4, D(2025, 9, 15), D(2025, 12, 14), "Quý IV/2025"),
        ("2025-H1", "half_year", 2025, 1, D(2024, 12, 15), D(2025, 6, 14), "6 tháng đầu năm 2025"),
        ("2025-H2", "half_year", 2025, 2, D(2025, 6, 15), D(2025, 12, 14), "6 tháng cuối năm 2025"),
        ("2025", "yearly", 2025, 1, D(2024, 12, 15), D(2025, 12, 14), "Năm 2025"),
        (
            "adhoc-20251001-20251015",
            "adhoc",
            2025,
            0,
            D(2025, 10, 1),
            D(2025, 10, 15),
            "Đột xuất từ 01/10/2025 đến 15/10/2025",
        ),
    ],
)
def test_period_from_key(
    key: str, kind: str, year: int, index: int, start: date, end: date, label: str
) -> None:
    p = period_from_key(key)
    assert p == ReportPeriod(kind, key, year, index, start, end, label)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        (" 2025-9 ", "2025-09"),
        ("2025-q3", "2025-Q3"),
        ("2025-h1", "2025-H1"),
        ("ADHOC-20251001-20251015", "adhoc-20251001-20251015"),
    ],
)
def test_period_key_is_canonicalised(typed: str, canonical: str) -> None:
    assert period_from_key(typed).key == canonical


@pytest.mark.parametrize(
    "key",
    [
        "",
        "2025-13",
        "2025-00",
        "2025-Q5",
        "2025-Q0",
        "2025-H3",
        "25-09",
        "2025/09",
        "Tháng 9/2025",
        "adhoc-20251015-20251001",
        "adhoc-20250230-20250301",
        "0001",
        "9999-01",
    ],
)
def test_bad_keys_raise_vietnamese_validation_error(key: str) -> None:
    with pytest.raises(ValidationError) as info:
        period_from_key(key)
    message = str(info.value)
    assert message.endswith(".")
    assert "kỳ báo cáo" in message.lower() or "năm" in message.lower()


@pytest.mark.parametrize("kind", ["monthly", "quarterly", "half_year", "yearly"])
def test_key_round_trips(kind: str) -> None:
    for p in periods_between(kind, 2027, 2029, include_second_half=True):  # type: ignore[arg-type]
        assert period_from_key(p.key) == p


def test_leap_february_window() -> None:
    march = period_from_key("2028-03")
    assert D(2028, 2, 29) in (march.start + timedelta(days=i) for i in range(30))
    assert march.contains(D(2028, 2, 29))
    assert (march.end - march.start).days + 1 == 29  # 15/02 → 14/03 in a leap year
    assert (period_from_key("2027-03").end - period_from_key("2027-03").start).days + 1 == 28


# ---------------------------------------------------------------- enumeration


@pytest.mark.parametrize(
    ("kind", "count", "first", "last"),
    [
        ("monthly", 24, "2025-01", "2026-12"),
        ("quarterly", 8, "2025-Q1", "2026-Q4"),
        ("half_year", 2, "2025-H1", "2026-H1"),
        ("yearly", 2, "2025", "2026"),
    ],
)
def test_periods_between(kind: str, count: int, first: str, last: str) -> None:
    ps = periods_between(kind, 2025, 2026)  # type: ignore[arg-type]
    assert len(ps) == count
    assert (ps[0].key, ps[-1].key) == (first, last)
    assert all(p.kind == kind for p in ps)


@pytest.mark.parametrize("kind", ["monthly", "quarterly", "yearly"])
def test_generated_windows_tile_time_without_gaps(kind: str) -> None:
    ps = periods_between(kind, 2027, 2029)  # type: ignore[arg-type]
    for a, b in pairwise(ps):
        assert b.start == a.end + timedelta(days=1)


def test_half_years_tile_when_second_half_included() -> None:
    ps = periods_between("half_year", 2025, 2026, include_second_half=True)
    assert [p.key for p in ps] == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]
    for a, b in pairwise(ps):
        assert b.start == a.end + timedelta(days=1)


def test_periods_between_rejects_adhoc_and_reversed_years() -> None:
    with pytest.raises(ValidationError):
        periods_between("adhoc", 2025, 2026)
    with pytest.raises(ValidationError):
        periods_between("monthly", 2026, 2025)


# ---------------------------------------------------------------- containing


@pytest.mark.parametrize(
    ("kind", "day", "key"),
    [
        ("monthly", D(2025, 9, 20), "2025-10"),
        ("monthly", D(2025, 9, 14), "2025-09"),
        ("monthly", D(2025, 9, 15), "2025-10"),
        ("monthly", D(2025, 12, 15), "2026-01"),
        ("monthly", D(2025, 12, 31), "2026-01"),
        ("monthly", D(2028, 2, 29), "2028-03"),
        ("monthly", D(2028, 2, 14), "2028-02"),
        ("quarterly", D(2025, 9, 20), "2025-Q4"),
        ("quarterly", D(2025, 6, 14), "2025-Q2"),
        ("quarterly", D(2025, 6, 15), "2025-Q3"),
        ("quarterly", D(2025, 12, 15), "2026-Q1"),
        ("quarterly", D(2026, 3, 14), "2026-Q1"),
        ("half_year", D(2025, 6, 14), "2025-H1"),
        ("half_year", D(2025, 6, 15), "2025-H2"),
        ("half_year", D(2025, 12, 20), "2026-H1"),
        ("yearly", D(2025, 12, 14), "2025"),
        ("yearly", D(2025, 12, 15), "2026"),
        ("yearly", D(2025, 1, 1), "2025"),
    ],
)
def test_period_containing(kind: str, day: date, key: str) -> None:
    p = period_containing(kind, day)  # type: ignore[arg-type]
    assert p.key == key
    assert p.start <= day <= p.end


def test_period_containing_every_day_of_a_leap_year() -> None:
    day = D(2028, 1, 1)
    while day.year == 2028:
        for kind in ("monthly", "quarterly", "half_year", "yearly"):
            assert period_containing(kind, day).contains(day)
        day += timedelta(days=1)


def test_period_containing_adhoc_is_refused() -> None:
    with pytest.raises(ValidationError):
        period_containing("adhoc", D(2025, 1, 1))


@pytest.mark.parametrize(
    ("key", "prev", "nxt"),
    [
        ("2025-01", "2024-12", "2025-02"),
        ("2025-12", "2025-11", "2026-01"),
        ("2025-Q1", "2024-Q4", "2025-Q2"),
        ("2025-H1", "2024-H2", "2025-H2"),
        ("2025", "2024", "2026"),
        ("adhoc-20251001-20251010", "adhoc-20250921-20250930", "adhoc-20251011-20251020"),
    ],
)
def test_previous_and_next_period(key: str, prev: str, nxt: str) -> None:
    p = period_from_key(key)
    assert previous_period(p).key == prev
    assert next_period(p).key == nxt


@pytest.mark.parametrize(
    ("key", "months"),
    [
        ("2025-09", ["2025-09"]),
        ("2025-Q1", ["2025-01", "2025-02", "2025-03"]),
        ("2025-H1", ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]),
        ("2025", [f"2025-{m:02d}" for m in range(1, 13)]),
        ("adhoc-20251001-20251020", ["2025-10", "2025-11"]),
    ],
)
def test_monthly_periods_in(key: str, months: list[str]) -> None:
    assert [p.key for p in monthly_periods_in(period_from_key(key))] == months


def test_adhoc_period_rejects_reversed_window() -> None:
    with pytest.raises(ValidationError):
        adhoc_period(D(2025, 10, 2), D(2025, 10, 1))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("month", "monthly"),
        ("quarter", "quarterly"),
        ("half", "half_year"),
        ("year", "yearly"),
        ("Tháng", "monthly"),
        ("quý", "quarterly"),
        ("6 tháng", "half_year"),
        ("Đột xuất", "adhoc"),
        ("yearly", "yearly"),
    ],
)
def test_parse_period_kind(text: str, kind: str) -> None:
    assert parse_period_kind(text) == kind
    assert kind in PERIOD_KINDS


def test_parse_period_kind_rejects_unknown() -> None:
    with pytest.raises(ValidationError):
        parse_period_kind("tuần")


# ---------------------------------------------------------------- sending rules


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("trước ngày 15 hằng tháng", SendingRule(15)),
        ("Định kỳ, trước ngày 15 hàng tháng (báo cáo tháng)", SendingRule(15)),
        ("trước ngày 10 hằng tháng", SendingRule(10)),
        ("trước ngày 05/6 hằng năm", SendingRule(5, 6)),
        ("trước ngày 01/12 hàng năm", SendingRule(1, 12)),
        ("Định kỳ hàng năm trước ngày 15/12, các cơ quan", SendingRule(15, 12)),
        ("trước ngày 15/10/2025", SendingRule(15, 10, 2025)),
        ("chậm nhất ngày 20 hằng tháng", SendingRule(20)),
        ("trước\nngày  15 \n\nhằng tháng", SendingRule(15)),
        ("TRƯỚC NGÀY 15 HẰNG THÁNG", SendingRule(15)),
    ],
)
def test_parse_sending_rule(text: str, rule: SendingRule) -> None:
    parsed = parse_sending_rule(text)
    assert parsed is not None
    assert (parsed.day, parsed.month, parsed.year) == (rule.day, rule.month, rule.year)
    assert parsed.text.lower().startswith(("trước ngày", "chậm nhất"))
    assert "\n" not in parsed.text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "báo cáo định kỳ theo quý",
        "Tháng 9/2025",
        "trước ngày 32 hằng tháng",
        "trước ngày 31/02",
        "trước ngày 15/13",
    ],
)
def test_parse_sending_rule_none(text: str) -> None:
    assert parse_sending_rule(text) is None


def test_sending_rules_from_seed_plans() -> None:
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    tam = parse_sending_rules(texts["000"])
    assert {k: (r.day, r.month) for k, r in tam.items()} == {
        "monthly": (15, None),
        "half_year": (5, 6),
        "yearly": (1, 12),
    }
    assert parse_sending_rules(texts["002"]) == {}
    other = parse_sending_rules(texts["004"])
    assert {k: (r.day, r.month) for k, r in other.items()} == {"yearly": (15, 12)}


def test_parse_sending_rules_labels_win_over_month_guess() -> None:
    rules = parse_sending_rules("trước ngày 20/10 (báo cáo quý); trước ngày 10/7 (báo cáo năm)")
    assert rules["quarterly"] == SendingRule(20, 10, text="trước ngày 20/10")
    assert rules["yearly"].month == 7


def test_parse_sending_rules_every_month_and_every_quarter() -> None:
    rules = parse_sending_rules("trước ngày 10 hằng tháng; chậm nhất ngày 20 hằng quý")
    assert rules == {
        "monthly": SendingRule(10, text="trước ngày 10 hằng tháng"),
        "quarterly": SendingRule(20, text="chậm nhất ngày 20 hằng quý"),
    }
    assert list(parse_sending_rules("Báo cáo trước ngày 15/10/2025")) == ["adhoc"]


@pytest.mark.parametrize(
    ("text", "kind", "rule"),
    [
        # "hằng tháng" written before the day, in the same clause
        (
            "Hằng tháng, các phòng gửi báo cáo trước ngày 15, để tổng hợp",
            "monthly",
            SendingRule(15, text="trước ngày 15"),
        ),
        (
            "Định kỳ hằng quý, trước ngày 20 của tháng cuối quý",
            "quarterly",
            SendingRule(20, text="trước ngày 20"),
        ),
        ("trước ngày 12 (báo cáo tháng)", "monthly", SendingRule(12, text="trước ngày 12")),
        # dates written in words
        (
            "trước ngày 15 tháng 10 năm 2025",
            "adhoc",
            SendingRule(15, 10, 2025, text="trước ngày 15 tháng 10 năm 2025"),
        ),
        (
            "trước ngày 05 tháng 6 hằng năm (báo cáo 6 tháng)",
            "half_year",
            SendingRule(5, 6, text="trước ngày 05 tháng 6"),
        ),
        (
            "chậm nhất là ngày 10/12 (báo cáo năm)",
            "yearly",
            SendingRule(10, 12, text="chậm nhất là ngày 10/12"),
        ),
    ],
)
def test_parse_sending_rules_context(text: str, kind: str, rule: SendingRule) -> None:
    assert parse_sending_rules(text) == {kind: rule}
    assert parse_sending_rule(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "trước ngày 15, các đơn vị gửi báo cáo",  # which month? not a rule
        "Hằng tháng họp giao ban; trước ngày 15 gửi",  # "hằng tháng" in another clause
        "trước ngày 15 năm 2025",
    ],
)
def test_bare_day_without_context_is_not_a_rule(text: str) -> None:
    assert parse_sending_rule(text) is None
    assert parse_sending_rules(text) == {}


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"day": 0},
        {"day": 32},
        {"day": 31, "month": 4},
        {"day": 1, "month": 13},
        {"day": 29, "month": 2, "year": 2027},
        {"day": 1, "year": 2025},
    ],
)
def test_sending_rule_validation(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        SendingRule(**kwargs)  # type: ignore[arg-type]


def test_sending_rule_accepts_leap_day() -> None:
    assert SendingRule(29, 2).month == 2
    assert SendingRule(29, 2, 2028).year == 2028


@pytest.mark.parametrize(
    ("key", "rule", "deadline"),
    [
        # no rule: the cut-off day
        ("2025-09", None, D(2025, 9, 14)),
        ("2025", None, D(2025, 12, 14)),
        ("adhoc-20251001-20251010", None, D(2025, 10, 10)),
        # "trước ngày 15 hằng tháng": the day after the 14th cut-off
        ("2025-09", SendingRule(15), D(2025, 9, 15)),
        ("2025-12", SendingRule(15), D(2025, 12, 15)),
        ("2025-Q3", SendingRule(15), D(2025, 9, 15)),
        ("2025-H1", SendingRule(15), D(2025, 6, 15)),
        ("2025", SendingRule(15), D(2025, 12, 15)),
        # the cut-off day itself still counts
        ("2025-09", SendingRule(14), D(2025, 9, 14)),
        # "trước ngày 10 hằng tháng": the 10th falls before the cut-off → next month
        ("2025-09", SendingRule(10), D(2025, 10, 10)),
        ("2025-12", SendingRule(10), D(2026, 1, 10)),
        ("2025-09", SendingRule(20), D(2025, 9, 20)),
        ("2025-09", SendingRule(1), D(2025, 10, 1)),
        # short months: days clamp to the month's end (leap February)
        ("2028-02", SendingRule(31), D(2028, 2, 29)),
        ("2028-02", SendingRule(29), D(2028, 2, 29)),
        ("2027-02", SendingRule(30), D(2027, 2, 28)),
        ("2025-04", SendingRule(31), D(2025, 4, 30)),
        # fixed dates, kept as written even before the cut-off
        ("2025-H1", SendingRule(5, 6), D(2025, 6, 5)),
        ("2025", SendingRule(1, 12), D(2025, 12, 1)),
        ("2025", SendingRule(15, 12), D(2025, 12, 15)),
        # a fixed date before the window opens moves to the next year
        ("2025-H2", SendingRule(5, 6), D(2026, 6, 5)),
        # 29/02 yearly rule in leap and common years
        ("2028-Q1", SendingRule(29, 2), D(2028, 2, 29)),
        ("2027-Q1", SendingRule(29, 2), D(2027, 2, 28)),
        # a single date
        ("adhoc-20251001-20251010", SendingRule(15, 10, 2025), D(2025, 10, 15)),
        ("2025-09", SendingRule(15, 10, 2025), D(2025, 10, 15)),
    ],
)
def test_sending_deadline(key: str, rule: SendingRule | None, deadline: date) -> None:
    assert sending_deadline(period_from_key(key), rule) == deadline


def test_sending_deadlines_of_the_seed_plan() -> None:
    text = (SEEDS / "000_3b78d14635ccf1cc.txt").read_text(encoding="utf-8")
    rules = parse_sending_rules(text)
    wanted: list[tuple[str, PeriodKind]] = [
        ("2025-09", "monthly"),
        ("2025-H1", "half_year"),
        ("2025", "yearly"),
    ]
    got = {key: sending_deadline(period_from_key(key), rules[kind]) for key, kind in wanted}
    assert got == {"2025-09": D(2025, 9, 15), "2025-H1": D(2025, 6, 5), "2025": D(2025, 12, 1)}


@pytest.mark.parametrize(
    ("today", "sent_on", "days_left", "late"),
    [
        (D(2025, 9, 1), None, 14, False),
        (D(2025, 9, 15), None, 0, False),
        (D(2025, 9, 16), None, -1, True),
        (D(2025, 10, 1), D(2025, 9, 15), -16, False),
        (D(2025, 10, 1), D(2025, 9, 16), -16, True),
    ],
)
def test_due_status(today: date, sent_on: date | None, days_left: int, late: bool) -> None:
    info = due_status(period_from_key("2025-09"), SendingRule(15), today, sent_on=sent_on)
    assert info == DueInfo(D(2025, 9, 15), days_left, late)


@pytest.mark.parametrize(
    ("sent_on", "today", "state"),
    [
        (D(2025, 9, 14), D(2025, 10, 1), "on_time"),
        (D(2025, 9, 15), D(2025, 10, 1), "late"),
        (None, D(2025, 9, 14), "pending"),
        (None, D(2025, 9, 15), "missing"),
    ],
)
def test_submission_state(sent_on: date | None, today: date, state: str) -> None:
    assert submission_state(D(2025, 9, 14), sent_on, today) == state


def test_describe_rule_keeps_words_or_writes_them() -> None:
    assert SendingRule(15, text="trước ngày 15 hàng tháng").describe_vi() == (
        "trước ngày 15 hàng tháng"
    )
    assert SendingRule(5, 6).describe_vi() == "Trước ngày 05/06 hằng năm"
    assert SendingRule(20).describe_vi() == "Trước ngày 20 hằng tháng"
    assert SendingRule(15, 10, 2025).describe_vi() == "Trước ngày 15/10/2025"
