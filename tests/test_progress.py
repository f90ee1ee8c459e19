"""Task progress status words and indicator attainment."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from app.errors import ValidationError
from app.periods import period_from_key
from app.progress import (
    ENTERED_LABELS,
    OFFICIAL_TEXTS,
    OfficialStatus,
    attainment,
    milestone_year_for,
    occurrence_due,
    official_status,
    parse_actual_value,
    parse_entered_status,
    percent_warning,
    validate_progress,
)

D = date


@dataclass(frozen=True, slots=True)
class _LocalDeadline:
    text: str
    kind: str
    start: date | None
    due: date | None


def dl(kind: str, start: date | None = None, due: date | None = None, text: str = "") -> Any:
    """A deadline: app.deadlines.Deadline when that module exists, else a stand-in."""
    try:
        module = importlib.import_module("app.deadlines")
    except ImportError:
        return _LocalDeadline(text, kind, start, due)
    return module.Deadline(text=text, kind=kind, start=start, due=due)


SEPT_2025 = dl("once", D(2025, 9, 1), D(2025, 9, 30), "Tháng 9/2025")


def status(deadline: Any, entered: str | None, cutoff: date, **kw: Any) -> str:
    return official_status(
        deadline=deadline,
        entered=entered,
        completed_on=kw.pop("completed_on", None),
        cutoff=cutoff,
        **kw,
    ).text


# ---------------------------------------------------------------- entered statuses


def test_entered_labels() -> None:
    assert ENTERED_LABELS == {
        "not_started": "Chưa thực hiện",
        "in_progress": "Đang thực hiện",
        "done": "Hoàn thành",
        "paused": "Tạm dừng",
        "cancelled": "Không thực hiện",
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hoàn thành", "done"),
        ("hoan thanh", "done"),
        ("HOÀN THÀNH", "done"),
        ("Hoa\u0300n tha\u0300nh", "done"),
        ("done", "done"),
        ("in_progress", "in_progress"),
        ("Đang thực hiện", "in_progress"),
        ("Chưa thực hiện", "not_started"),
        ("Tạm dừng", "paused"),
        ("Không thực hiện", "cancelled"),
        ("  tạm   dừng ", "paused"),
    ],
)
def test_parse_entered_status(text: str, code: str) -> None:
    assert parse_entered_status(text) == code


@pytest.mark.parametrize("text", ["", "xong", "Hoàn thành đúng hạn", "finished"])
def test_parse_entered_status_rejects(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_entered_status(text)


def test_cancelled_requires_reason() -> None:
    with pytest.raises(ValidationError) as info:
        validate_progress("Không thực hiện")
    assert "lý do" in str(info.value)
    with pytest.raises(ValidationError):
        validate_progress("cancelled", reason="   ")
    assert validate_progress("Không thực hiện", reason="Tỉnh dừng triển khai") == "cancelled"


@pytest.mark.parametrize(
    ("kwargs", "ok"),
    [
        ({"status": "in_progress", "percent": 0.0}, True),
        ({"status": "in_progress", "percent": 100.0}, True),
        ({"status": "in_progress", "percent": 100.5}, False),
        ({"status": "in_progress", "percent": -1.0}, False),
        ({"status": "in_progress", "percent": float("nan")}, False),
        ({"status": "done", "completed_on": D(2025, 9, 14), "cutoff": D(2025, 9, 14)}, True),
        ({"status": "done", "completed_on": D(2025, 9, 15), "cutoff": D(2025, 9, 14)}, False),
        ({"status": "in_progress", "completed_on": D(2025, 9, 1)}, False),
    ],
)
def test_validate_progress(kwargs: dict[str, Any], ok: bool) -> None:
    if ok:
        assert validate_progress(**kwargs) == kwargs["status"]
    else:
        with pytest.raises(ValidationError):
            validate_progress(**kwargs)


# ---------------------------------------------------------------- one-off deadlines


@pytest.mark.parametrize(
    ("entered", "cutoff", "completed_on", "text"),
    [
        # the example: due "Tháng 9/2025", September vs October report
        (None, D(2025, 9, 14), None, "Chưa thực hiện"),
        (None, D(2025, 10, 14), None, "Chưa thực hiện (quá hạn)"),
        ("not_started", D(2025, 9, 30), None, "Chưa thực hiện"),  # due day still in time
        ("not_started", D(2025, 10, 1), None, "Chưa thực hiện (quá hạn)"),
        ("in_progress", D(2025, 9, 14), None, "Đang thực hiện trong hạn"),
        ("in_progress", D(2025, 10, 14), None, "Đang thực hiện quá hạn"),
        ("done", D(2025, 10, 14), D(2025, 9, 30), "Hoàn thành đúng hạn"),
        ("done", D(2025, 10, 14), D(2025, 10, 1), "Hoàn thành quá hạn"),
        ("done", D(2025, 9, 14), None, "Hoàn thành đúng hạn"),
        # no completion date after the due date: not credited on time
        ("done", D(2025, 10, 14), None, "Hoàn thành quá hạn"),
        ("paused", D(2025, 10, 14), None, "Tạm dừng"),
        ("cancelled", D(2025, 10, 14), None, "Không thực hiện"),
        ("Hoàn thành", D(2025, 10, 14), D(2025, 9, 2), "Hoàn thành đúng hạn"),
        ("", D(2025, 10, 14), None, "Chưa thực hiện (quá hạn)"),
    ],
)
def test_once_deadline(
    entered: str | None, cutoff: date, completed_on: date | None, text: str
) -> None:
    assert status(SEPT_2025, entered, cutoff, completed_on=completed_on) == text


def test_once_status_ignores_period_argument() -> None:
    for key in ("2025-09", "2025-10", "2025"):
        got = status(SEPT_2025, "in_progress", D(2025, 10, 14), period=period_from_key(key))
        assert got == "Đang thực hiện quá hạn"


def test_official_status_codes() -> None:
    s = official_status(deadline=SEPT_2025, entered=None, completed_on=None, cutoff=D(2025, 10, 14))
    assert s == OfficialStatus("not_started_late", "Chưa thực hiện (quá hạn)")
    assert s.is_late and not s.is_done
    s = official_status(
        deadline=SEPT_2025, entered="done", completed_on=D(2025, 9, 1), cutoff=D(2025, 9, 14)
    )
    assert s.code == "done_on_time" and s.is_done and not s.is_late
    assert set(OFFICIAL_TEXTS.values()) >= {
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Đang thực hiện quá hạn",
        "Chưa thực hiện",
        "Chưa thực hiện (quá hạn)",
        "Tạm dừng",
        "Không thực hiện",
        "Chưa đến điều kiện thực hiện",
    }


def test_unknown_entered_status_raises() -> None:
    with pytest.raises(ValidationError):
        official_status(deadline=SEPT_2025, entered="xong", completed_on=None, cutoff=D(2025, 9, 1))


def test_leap_day_due() -> None:
    feb = dl("once", D(2028, 2, 1), D(2028, 2, 29), "Tháng 2/2028")
    assert status(feb, "in_progress", D(2028, 2, 29)) == "Đang thực hiện trong hạn"
    assert status(feb, "in_progress", D(2028, 3, 1)) == "Đang thực hiện quá hạn"
    assert status(feb, "done", D(2028, 3, 14), completed_on=D(2028, 2, 29)) == (
        "Hoàn thành đúng hạn"
    )


# ---------------------------------------------------------------- never overdue kinds


@pytest.mark.parametrize("kind", ["continuous", "unknown"])
@pytest.mark.parametrize(
    ("entered", "text"),
    [
        (None, "Chưa thực hiện"),
        ("in_progress", "Đang thực hiện trong hạn"),
        ("done", "Hoàn thành đúng hạn"),
    ],
)
def test_continuous_and_unknown_never_overdue(kind: str, entered: str | None, text: str) -> None:
    # even with a due date in the past
    deadline = dl(kind, None, D(2020, 1, 1))
    assert status(deadline, entered, D(2030, 12, 14)) == text
    assert occurrence_due(deadline, period_from_key("2030-12")) is None


# ---------------------------------------------------------------- conditional, done


@pytest.mark.parametrize(
    ("entered", "arrived", "cutoff", "text"),
    [
        (None, False, D(2025, 9, 14), "Chưa đến điều kiện thực hiện"),
        ("not_started", False, D(2030, 9, 14), "Chưa đến điều kiện thực hiện"),
        (None, True, D(2025, 9, 14), "Chưa thực hiện"),
        ("in_progress", False, D(2025, 9, 14), "Đang thực hiện trong hạn"),
        ("done", False, D(2025, 9, 14), "Hoàn thành đúng hạn"),
        ("paused", False, D(2025, 9, 14), "Tạm dừng"),
        ("cancelled", False, D(2025, 9, 14), "Không thực hiện"),
    ],
)
def test_conditional(entered: str | None, arrived: bool, cutoff: date, text: str) -> None:
    deadline = dl("conditional", text="Sau khi tỉnh triển khai")
    assert status(deadline, entered, cutoff, condition_arrived=arrived) == text


def test_conditional_with_due_date_becomes_overdue_once_arrived() -> None:
    deadline = dl("conditional", None, D(2025, 12, 31))
    assert status(deadline, None, D(2026, 1, 14)) == "Chưa đến điều kiện thực hiện"
    assert status(deadline, None, D(2026, 1, 14), condition_arrived=True) == (
        "Chưa thực hiện (quá hạn)"
    )


@pytest.mark.parametrize(
    ("entered", "text"),
    [
        (None, "Hoàn thành đúng hạn"),
        ("in_progress", "Đang thực hiện trong hạn"),
        ("paused", "Tạm dừng"),
    ],
)
def test_done_deadline_starts_done(entered: str | None, text: str) -> None:
    assert status(dl("done", text="Đã hoàn thành"), entered, D(2025, 9, 14)) == text


# ---------------------------------------------------------------- recurring


@pytest.mark.parametrize(
    ("kind", "key", "due"),
    [
        ("monthly", "2025-09", D(2025, 9, 30)),
        ("monthly", "2025-12", D(2025, 12, 31)),
        ("monthly", "2028-02", D(2028, 2, 29)),
        ("monthly", "2027-02", D(2027, 2, 28)),
        ("monthly", "2025-Q3", D(2025, 9, 30)),
        ("monthly", "2025-H1", D(2025, 6, 30)),
        ("monthly", "2025", D(2025, 12, 31)),
        ("monthly", "adhoc-20251001-20251015", D(2025, 10, 31)),
        ("quarterly", "2025-07", D(2025, 9, 30)),
        ("quarterly", "2025-10", D(2025, 12, 31)),
        ("quarterly", "2025-01", D(2025, 3, 31)),
        ("quarterly", "2025-Q2", D(2025, 6, 30)),
        ("quarterly", "2025-H1", D(2025, 6, 30)),
        ("yearly", "2025-01", D(2025, 12, 31)),
        ("yearly", "2025-Q1", D(2025, 12, 31)),
        ("yearly", "2026", D(2026, 12, 31)),
    ],
)
def test_occurrence_due(kind: str, key: str, due: date) -> None:
    assert occurrence_due(dl(kind), period_from_key(key)) == due


@pytest.mark.parametrize(
    ("deadline", "key", "due"),
    [
        # "2025 và những năm tiếp theo": nothing before 2025
        (dl("yearly", D(2025, 1, 1)), "2024", None),
        (dl("yearly", D(2025, 1, 1)), "2025", D(2025, 12, 31)),
        # a yearly duty 2025–2027: ends after 2027
        (dl("yearly", D(2025, 1, 1), D(2027, 12, 31)), "2027", D(2027, 12, 31)),
        (dl("yearly", D(2025, 1, 1), D(2027, 12, 31)), "2028", None),
        # the last cycle is cut short at the due date
        (dl("monthly", None, D(2025, 10, 15)), "2025-10", D(2025, 10, 15)),
        (dl("monthly", None, D(2025, 10, 15)), "2025-11", None),
        # starting mid-month still owes that month's occurrence
        (dl("monthly", D(2025, 9, 20)), "2025-09", D(2025, 9, 30)),
        (dl("monthly", D(2025, 9, 20)), "2025-08", None),
        # one-off kinds: their own due date
        (dl("once", D(2025, 9, 1), D(2025, 9, 30)), "2026", D(2025, 9, 30)),
        (dl("done"), "2026", None),
    ],
)
def test_occurrence_bounds(deadline: Any, key: str, due: date | None) -> None:
    assert occurrence_due(deadline, period_from_key(key)) == due


@pytest.mark.parametrize(
    ("kind", "key", "entered", "completed_on", "text"),
    [
        # a monthly duty is judged in its own month: never late at the 14th cut-off
        ("monthly", "2025-09", None, None, "Chưa thực hiện"),
        ("monthly", "2025-09", "in_progress", None, "Đang thực hiện trong hạn"),
        ("monthly", "2025-09", "done", D(2025, 9, 10), "Hoàn thành đúng hạn"),
        ("quarterly", "2025-Q3", None, None, "Chưa thực hiện"),
        ("yearly", "2025", "done", None, "Hoàn thành đúng hạn"),
        # a yearly duty of 2025 reported in a January 2026 period: 2026's occurrence
        ("yearly", "2026-01", None, None, "Chưa thực hiện"),
    ],
)
def test_recurring_status_per_occurrence(
    kind: str, key: str, entered: str | None, completed_on: date | None, text: str
) -> None:
    period = period_from_key(key)
    got = status(dl(kind), entered, period.end, completed_on=completed_on, period=period)
    assert got == text


def test_recurring_status_is_late_when_cutoff_after_occurrence() -> None:
    # An annual report of the 2025 yearly duty compiled with a cut-off in 2026
    # (e.g. a late ad hoc window) sees the 2025 occurrence overdue.
    period = period_from_key("2025")
    assert status(dl("yearly"), None, D(2026, 1, 5), period=period) == ("Chưa thực hiện (quá hạn)")
    assert (
        status(dl("yearly"), "done", D(2026, 1, 5), period=period, completed_on=D(2026, 1, 2))
        == "Hoàn thành quá hạn"
    )


def test_recurring_without_period_uses_monthly_period_of_cutoff() -> None:
    # cut-off 14/10 → period 2025-10 → monthly occurrence due 31/10: in time
    assert status(dl("monthly"), "in_progress", D(2025, 10, 14)) == "Đang thực hiện trong hạn"
    # cut-off 20/10 lies in period 2025-11 → occurrence due 30/11
    assert status(dl("monthly"), None, D(2025, 10, 20)) == "Chưa thực hiện"
    # a monthly duty that ended on 15/10 is overdue at a 14/11 cut-off
    ended = dl("monthly", None, D(2025, 10, 15))
    assert status(ended, None, D(2025, 11, 14), period=period_from_key("2025-10")) == (
        "Chưa thực hiện (quá hạn)"
    )


# ---------------------------------------------------------------- with parse_deadline


@pytest.mark.parametrize(
    ("words", "cutoff", "text"),
    [
        ("Tháng 9/2025", D(2025, 9, 14), "Chưa thực hiện"),
        ("Tháng 9/2025", D(2025, 10, 14), "Chưa thực hiện (quá hạn)"),
        ("Quý II/năm 2025", D(2025, 6, 14), "Chưa thực hiện"),
        ("Quý II/năm 2025", D(2025, 7, 14), "Chưa thực hiện (quá hạn)"),
        ("Năm 2026", D(2026, 12, 14), "Chưa thực hiện"),
        ("Năm 2026", D(2027, 1, 14), "Chưa thực hiện (quá hạn)"),
        ("Thường xuyên", D(2045, 12, 14), "Chưa thực hiện"),
        ("Hằng tháng", D(2025, 9, 14), "Chưa thực hiện"),
        ("Đã hoàn thành", D(2025, 9, 14), "Hoàn thành đúng hạn"),
        ("Sau khi tỉnh triển khai", D(2030, 9, 14), "Chưa đến điều kiện thực hiện"),
    ],
)
def test_with_parsed_deadlines(words: str, cutoff: date, text: str) -> None:
    deadlines = pytest.importorskip("app.deadlines")
    assert status(deadlines.parse_deadline(words), None, cutoff) == text


# ---------------------------------------------------------------- indicators


@pytest.mark.parametrize(
    ("period_year", "years", "expected"),
    [
        (2025, [2025, 2030, 2035], 2025),
        (2026, [2025, 2030, 2035], 2030),
        (2030, [2035, 2025, 2030], 2030),
        (2031, [2030, 2045, 2035], 2035),
        (2046, [2025, 2030, 2045], None),
        (2025, [], None),
    ],
)
def test_milestone_year_for(period_year: int, years: list[int], expected: int | None) -> None:
    assert milestone_year_for(period_year, years) == expected


@pytest.mark.parametrize(
    ("op", "target", "actual", "result"),
    [
        (">=", 80.0, 80.0, "Đạt"),
        (">=", 80.0, 79.9, "Chưa đạt"),
        ("≥", 1.0, 1.2, "Đạt"),
        ("<=", 5.0, 5.0, "Đạt"),
        ("<=", 5.0, 5.01, "Chưa đạt"),
        ("≤", 5.0, 4.0, "Đạt"),
        (">", 50.0, 50.0, "Chưa đạt"),
        (">", 50.0, 50.5, "Đạt"),
        ("<", 3.0, 3.0, "Chưa đạt"),
        ("<", 3.0, 2.9, "Đạt"),
        # "=" is a bare target ("60%", "100"): a level to reach
        ("=", 100.0, 100.0, "Đạt"),
        ("=", 100.0, 99.9, "Chưa đạt"),
        ("=", 60.0, 75.0, "Đạt"),
        ("=", 0.3, 0.1 + 0.2, "Đạt"),  # rounding noise
        ("=", 0.0, 0.0, "Đạt"),  # "0": none
        ("=", 0.0, 2.0, "Chưa đạt"),
        (">=", 0.3, 0.1 + 0.2, "Đạt"),
        (None, 80.0, 90.0, "—"),
        (">=", None, 90.0, "—"),
        (">=", 80.0, None, "—"),
        ("~", 80.0, 90.0, "—"),
        (">=", 80.0, float("nan"), "—"),
    ],
)
def test_attainment(
    op: str | None, target: float | None, actual: float | None, result: str
) -> None:
    assert attainment(op, target, actual) == result


@pytest.mark.parametrize(
    ("unit", "value", "warns"),
    [
        ("%", 100.0, False),
        ("%", 0.0, False),
        ("%", 100.5, True),
        ("%", -1.0, True),
        ("% tổng chi NSNN", 120.0, True),
        ("doanh nghiệp", 120.0, False),
        ("Người/vạn dân", 150.0, False),
        ("%", None, False),
        (None, 150.0, False),
    ],
)
def test_percent_warning(unit: str | None, value: float | None, warns: bool) -> None:
    message = percent_warning(unit, value)
    assert (message is not None) == warns
    if message is not None:
        assert "0–100" in message and message.endswith(".")


@pytest.mark.parametrize(
    ("value", "shown"), [(120.5, "120,5%"), (-1.0, "-1%"), (1234.5, "1.234,5%")]
)
def test_percent_warning_writes_the_value_with_decimal_comma(value: float, shown: str) -> None:
    assert shown in (percent_warning("%", value) or "")


@pytest.mark.parametrize("value", [float("inf"), float("nan")])
def test_percent_warning_for_non_numbers(value: float) -> None:
    assert percent_warning("%", value) is not None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("85,5", 85.5),
        ("85,5%", 85.5),
        (" 85,5 % ", 85.5),
        ("1.234,5", 1234.5),
        ("1.234.567,25", 1234567.25),
        ("1.234", 1234.0),
        ("50.5", 50.5),
        ("0.125", 0.125),
        ("1234.567", 1234.567),
        ("100", 100.0),
        ("1 234,5", 1234.5),
        ("-2,5", -2.5),
        ("\u22122,5", -2.5),
        ("0", 0.0),
    ],
)
def test_parse_actual_value(text: str, value: float) -> None:
    assert parse_actual_value(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "  ",
        "%",
        "Đạt",
        "khoảng 80",
        "80 doanh nghiệp",
        "1,234.5",
        "12.34.5",
        "85,",
        ",5",
        "-",
        "X",
    ],
)
def test_parse_actual_value_rejects(text: str | None) -> None:
    assert parse_actual_value(text) is None
