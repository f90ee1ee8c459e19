"""Indicator targets and Vietnamese numbers."""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from app.targets import Target, format_number_vi, parse_number_vi, parse_target

DATA = Path(__file__).parent / "data"

TARGETS: list[tuple[str, str | None, float | None]] = [
    # brief and design
    ("≥ 80", ">=", 80.0),
    (">= 80", ">=", 80.0),
    ("=> 80", ">=", 80.0),
    ("≥80%", ">=", 80.0),
    ("≥ 1,0", ">=", 1.0),
    ("≥ 1.5", ">=", 1.5),
    ("60%", "=", 60.0),
    ("60 %", "=", 60.0),
    ("≥ 01", ">=", 1.0),
    ("100 (Các hệ thống thông tin dùng chung)", "=", 100.0),
    ("-", None, None),
    ("X", None, None),
    ("x", None, None),
    ("Đạt", None, None),
    ("Tiên tiến, hiện đại", None, None),
    ("", None, None),
    ("≥", None, None),
    ("Tối thiểu 50%", ">=", 50.0),
    ("Ít nhất 01 mô hình", ">=", 1.0),
    ("Không dưới 70%", ">=", 70.0),
    ("Từ 80% trở lên", ">=", 80.0),
    ("80% trở lên", ">=", 80.0),
    ("Đạt mức 2 trở lên", ">=", 2.0),
    ("Trên 50%", ">", 50.0),
    ("Hơn 50%", ">", 50.0),
    ("> 90%", ">", 90.0),
    ("Dưới 5%", "<", 5.0),
    ("< 5", "<", 5.0),
    ("≤ 5", "<=", 5.0),
    ("<= 5", "<=", 5.0),
    ("Tối đa 5%", "<=", 5.0),
    ("Không quá 5%", "<=", 5.0),
    ("=100", "=", 100.0),
    ("0,5%", "=", 0.5),
    ("5 sản phẩm", "=", 5.0),
    ("1.234,5", "=", 1234.5),
    # two conditions or a range in one cell: not one comparison
    ("80-90%", None, None),
    ("80 - 90", None, None),
    # the seed plans' target cells (Phụ lục 1 of 000 and 004)
    ("52%", "=", 52.0),
    ("100%", "=", 100.0),
    ("≥ 30", ">=", 30.0),
    ("≥ 95 ", ">=", 95.0),
    ("90", "=", 90.0),
    ("Phấn đấu đạt 1%", "=", 1.0),
    (
        "100% đối với các cơ sở giáo dục \nphổ thông   \n> 90% đối với các cơ sở giáo dục \nmầm non",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("text", "op", "value"), TARGETS)
def test_parse_target(text: str, op: str | None, value: float | None) -> None:
    target = parse_target(text)
    assert (target.op, target.value) == (op, value)
    assert target.is_quantitative is (op is not None)


def test_target_text_is_kept() -> None:
    target = parse_target(unicodedata.normalize("NFD", "100 (Các hệ thống \n dùng chung)"))
    assert target.text == "100 (Các hệ thống dùng chung)"
    assert target.to_json() == {"text": target.text, "op": "=", "value": 100.0}


def test_to_json_qualitative() -> None:
    assert parse_target("Tiên tiến, hiện đại").to_json() == {
        "text": "Tiên tiến, hiện đại",
        "op": None,
        "value": None,
    }


def test_target_is_frozen() -> None:
    target = parse_target("≥ 80")
    assert isinstance(target, Target)
    with pytest.raises(FrozenInstanceError):
        target.value = 1.0  # type: ignore[misc]


def _sample_targets() -> list[str]:
    texts: list[str] = []
    for sample in sorted((DATA / "samples").glob("*.json")):
        data = json.loads(sample.read_text(encoding="utf-8"))
        for indicator in data["indicators"]:
            texts.extend(indicator["targets"].values())
    return texts


QUALITATIVE_IN_SAMPLES = {
    "",
    "Tiên tiến, hiện đại",
    "100% đối với các cơ sở giáo dục phổ thông > 90% đối với các cơ sở giáo dục mầm non",
}


@pytest.mark.parametrize("text", sorted(set(_sample_targets())))
def test_every_sample_target(text: str) -> None:
    target = parse_target(text)
    if text in QUALITATIVE_IN_SAMPLES:
        assert (target.op, target.value) == (None, None)
        return
    digits = "".join(ch for ch in text if ch.isdigit())
    assert target.value == float(digits)
    assert target.op == (">=" if text.startswith("≥") else "=")


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,5", 1.5),
        ("1.5", 1.5),
        ("80%", 80.0),
        ("80 %", 80.0),
        ("1.234,5", 1234.5),
        ("1.234", 1234.0),
        ("1.000.000", 1_000_000.0),
        ("0.125", 0.125),
        ("80.25", 80.25),
        ("1,234,567", 1_234_567.0),
        ("01", 1.0),
        ("-5", -5.0),
        ("\u22125", -5.0),
        ("+3", 3.0),
        (" 60 ", 60.0),
        ("abc", None),
        ("", None),
        ("1.2.3", None),
        ("12,", None),
        ("1,234.5", None),
        ("5 sản phẩm", None),
    ],
)
def test_parse_number_vi(text: str, value: float | None) -> None:
    assert parse_number_vi(text) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.5, "1,5"),
        (80.0, "80"),
        (80, "80"),
        (0.0, "0"),
        (-0.0, "0"),
        (-1.5, "-1,5"),
        (1234.5, "1.234,5"),
        (1_000_000.0, "1.000.000"),
        (0.1 + 0.2, "0,3"),
        (2 / 3, "0,666667"),
        (0.000001, "0,000001"),
    ],
)
def test_format_number_vi(value: float, text: str) -> None:
    assert format_number_vi(value) == text


@pytest.mark.parametrize("value", [1.5, 80.0, 1234.5, 0.125, 1_000_000.0, -2.75])
def test_format_then_parse_round_trips(value: float) -> None:
    assert parse_number_vi(format_number_vi(value)) == value


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_format_number_vi_rejects_non_finite(value: float) -> None:
    with pytest.raises(ValueError):
        format_number_vi(value)
