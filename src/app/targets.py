"""Indicator targets written in cells → (operator, value); Vietnamese numbers.

``parse_target("≥ 80")`` gives ``>=`` 80; ``"60%"`` gives ``=`` 60; ``"≥ 1,0"``
gives ``>=`` 1.0 (decimal comma). The text is kept as written (NFC, spaces
collapsed) for printing.

Decisions
---------
* A bare number is ``=``: "100", "60%", "01", "Phấn đấu đạt 1%".
* Words: "tối thiểu", "ít nhất", "không dưới/thấp hơn", "… trở lên" → ``>=``;
  "tối đa", "không quá/vượt quá/cao hơn", "… trở xuống" → ``<=``; "trên",
  "hơn", "lớn/cao hơn" → ``>``; "dưới", "nhỏ/thấp hơn" → ``<``.
* After the number may come "%", a parenthesised remark, or words without
  digits ("100 (Các hệ thống …)", "5 sản phẩm"). A second number with its
  own condition ("100% đối với … > 90% đối với …"), a range ("80-90"), or
  any text without a number is qualitative: op and value None.
* Numbers (:func:`parse_number_vi`): "," is the decimal mark; "." is a
  thousands mark when followed by groups of exactly three digits and the
  number has no comma ("1.234" → 1234, "1.234,5" → 1234.5), otherwise a
  decimal point ("1.5", "0.125", "80.25"). Several commas are thousands marks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from app.vntext import clean_cell, fold

Operator = Literal[">=", "<=", "=", ">", "<"]


@dataclass(frozen=True, slots=True)
class Target:
    """A target as written (``text``) and, when quantitative, its comparison."""

    text: str
    op: Operator | None = None
    value: float | None = None

    @property
    def is_quantitative(self) -> bool:
        return self.op is not None

    def to_json(self) -> dict[str, str | float | None]:
        """``{"text", "op", "value"}``."""
        return {"text": self.text, "op": self.op, "value": self.value}


_SYMBOLS: tuple[tuple[str, Operator], ...] = (
    (">=", ">="),
    ("=>", ">="),
    ("≥", ">="),
    ("⩾", ">="),
    ("≧", ">="),
    ("<=", "<="),
    ("=<", "<="),
    ("≤", "<="),
    ("⩽", "<="),
    ("≦", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
_WORDS: tuple[tuple[str, Operator], ...] = (
    ("khong duoi", ">="),
    ("khong thap hon", ">="),
    ("khong it hon", ">="),
    ("toi thieu", ">="),
    ("it nhat", ">="),
    ("khong vuot qua", "<="),
    ("khong qua", "<="),
    ("khong cao hon", "<="),
    ("khong lon hon", "<="),
    ("toi da", "<="),
    ("lon hon", ">"),
    ("cao hon", ">"),
    ("nhieu hon", ">"),
    ("tren", ">"),
    ("hon", ">"),
    ("nho hon", "<"),
    ("thap hon", "<"),
    ("it hon", "<"),
    ("duoi", "<"),
    ("bang", "="),
)
_FILLERS = re.compile(r"^(?:(?:phan dau|dat|tu|muc do|muc|cap do|ty le|ti le)(?: |$))+")
_NUMBER = re.compile(r"[+-]?\d[\d.,]*")
_AT_LEAST = re.compile(r"^(?:tro len|tro len tren)\b")
_AT_MOST = re.compile(r"^(?:tro xuong|tro lai)\b")


def _leading_operator(key: str) -> tuple[Operator | None, str]:
    for symbol, op in _SYMBOLS:
        if key.startswith(symbol):
            return op, key[len(symbol) :].strip()
    for words, op in _WORDS:
        if key == words or key.startswith(words + " "):
            return op, key[len(words) :].strip()
    return None, key


def _tail_ok(tail: str) -> bool:
    """After the number: nothing, a remark in brackets, or words without numbers."""
    tail = re.sub(r"\([^)]*\)", " ", tail).strip(" .;,")
    return not re.search(r"[\d<>=≥≤]", tail)


def parse_target(text: str) -> Target:
    """Read a target cell; qualitative targets give ``op`` and ``value`` None."""
    cleaned = clean_cell(text)
    key = _FILLERS.sub("", fold(cleaned))
    op, rest = _leading_operator(key)
    rest = _FILLERS.sub("", rest)
    m = _NUMBER.match(rest)
    if not m:
        return Target(cleaned)
    value = parse_number_vi(m.group().rstrip(".,"))
    tail = rest[m.end() :].strip()
    tail = tail[1:].strip() if tail.startswith("%") else tail
    if value is None or not _tail_ok(tail):
        return Target(cleaned)
    if _AT_LEAST.match(tail):
        op = op or ">="
    elif _AT_MOST.match(tail):
        op = op or "<="
    return Target(cleaned, op or "=", value)


_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")


def parse_number_vi(text: str) -> float | None:
    """Number written the Vietnamese way: "1,5", "1.234,5", "80%", also "1.5".

    None when *text* is not one number.
    """
    s = clean_cell(text).replace(" ", "").replace("\u2212", "-").rstrip("%")
    if not re.fullmatch(r"[+-]?\d[\d.,]*", s) or s[-1] in ".,":
        return None
    sign, digits = ("-", s[1:]) if s[0] == "-" else ("", s.lstrip("+"))
    if "," in digits and "." in digits:
        if digits.rfind(",") < digits.rfind("."):
            return None
        digits = digits.replace(".", "").replace(",", ".")
    elif digits.count(",") > 1:
        digits = digits.replace(",", "")
    elif "," in digits:
        digits = digits.replace(",", ".")
    elif _THOUSANDS_DOT.fullmatch(digits) and not digits.startswith("0"):
        digits = digits.replace(".", "")
    try:
        return float(sign + digits)
    except ValueError:
        return None


def format_number_vi(value: float, *, max_decimals: int = 6) -> str:
    """Write *value* with a decimal comma and thousands dots, no trailing zeros.

    ``1.5`` → ``"1,5"``, ``80.0`` → ``"80"``, ``1234.5`` → ``"1.234,5"``.
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    rounded = round(value, max_decimals)
    whole, _, decimals = f"{abs(rounded):,.{max_decimals}f}".partition(".")
    decimals = decimals.rstrip("0")
    sign = "-" if rounded < 0 and (whole.strip("0,") or decimals) else ""
    body = whole.replace(",", ".")
    return f"{sign}{body},{decimals}" if decimals else f"{sign}{body}"


def is_heading_indicator(code: str, has_target: bool, unit: str, next_code: str | None) -> bool:
    """A heading row ("1" over "1.1", "1.2" …, Thanh Miện style): no unit, no target.

    It is printed as a heading and never counted, judged or given a value.
    """
    return (
        bool(code)
        and not has_target
        and not unit.strip()
        and bool(next_code and next_code.startswith(code + "."))
    )
