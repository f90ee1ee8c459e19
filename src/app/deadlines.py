"""Deadlines written in words → structured deadlines (kind, start, due).

``parse_deadline("Quý II/năm 2025")`` gives kind ``once``, start 2025-04-01,
due 2025-06-30. The original words are kept (``text``, NFC, spaces
collapsed) for printing; the dates serve overdue checks.

Kinds: ``once``, ``monthly``, ``quarterly``, ``yearly``, ``continuous``,
``conditional``, ``done``, ``unknown``.

Decisions
---------
* ``due`` is the last day the work is due: a month → its last day (leap years
  included), a quarter → its last day, "6 tháng đầu/cuối năm" → 30/6 or
  31/12, a year or a range of years → 31/12 of the last year, a day → that
  day. ``start`` is the first day of the window when the phrase states one
  (month, quarter, half, year, range start, a single day); else null.
* "Trước ngày 15/10/2025" → due 15/10/2025 (the named day is the deadline, as
  offices read it); "trước tháng/quý/năm X" → the day before X begins.
  "Đến (hết) …", "chậm nhất …", "hạn …", "cuối …" → due only. "Đầu năm
  2026" / "đầu tháng 9/2025" → start only (the due is not stated).
* "Từ …" without an end ("Từ năm 2025", "Từ tháng 7/2025 trở đi") →
  ``continuous`` with that start.
* Recurring phrases ("Hàng năm", "Hằng tháng", "Định kỳ hằng quý", "… và các
  năm tiếp theo") → monthly/quarterly/yearly; when several are named
  ("hàng tháng, quý, năm") the most frequent wins. A window with an explicit
  year sets start (and due, when it has an end: "Hằng năm giai đoạn
  2025-2030" → due 31/12/2030); "… và các năm tiếp theo" / "trở đi" leave due
  null. A day inside a cycle ("trước ngày 15 hằng tháng") is not a window:
  dates stay null. "6 tháng một lần" has no kind of its own → ``unknown``.
* "Thường xuyên", "Liên tục", "Hằng ngày", "Hằng tuần" → ``continuous``.
* "Sau khi …", "Khi …", "Theo yêu cầu/chỉ đạo/kế hoạch …", "Đột xuất" →
  ``conditional`` with null dates.
* "Đã hoàn thành" (also "Đã thực hiện", "Đã xong", "Hoàn thành" alone) →
  ``done``; a window written after it gives its dates.
* A month, quarter or day without a year uses ``reference_year`` (the plan's
  year) when given; without it the kind is still ``once`` but dates are null.
  Recurring and continuous phrases never borrow the reference year.
* Anything not read completely is ``unknown`` with null dates — never a guess
  ("Tháng 9/2025 tùy tình hình" is unknown).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from app.vntext import clean_cell, fold

DeadlineKind = Literal[
    "once", "monthly", "quarterly", "yearly", "continuous", "conditional", "done", "unknown"
]
KINDS: tuple[DeadlineKind, ...] = (
    "once",
    "monthly",
    "quarterly",
    "yearly",
    "continuous",
    "conditional",
    "done",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline as written (``text``) and as understood (kind and dates)."""

    text: str
    kind: DeadlineKind
    start: date | None = None
    due: date | None = None

    def to_json(self) -> dict[str, str | None]:
        """``{"text", "kind", "due", "start"}`` with ISO dates or None."""
        return {
            "text": self.text,
            "kind": self.kind,
            "due": self.due.isoformat() if self.due else None,
            "start": self.start.isoformat() if self.start else None,
        }


Precision = Literal["day", "month", "quarter", "half", "year"]


@dataclass(frozen=True, slots=True)
class _Window:
    start: date | None
    due: date | None
    precision: Precision = "year"
    open_ended: bool = False


_Reading = tuple[DeadlineKind, date | None, date | None]

# ------------------------------------------------------------------ atoms

_YEAR = r"(?P<y>(?:19|20)\d\d)"
_YEAR_TAIL = rf"(?:(?:/|-|\.| |, )(?:nam ?)?{_YEAR})?"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_DAY_NUMBERS = r"(?:ngay )?(?P<d>0?[1-9]|[12]\d|3[01])(?P<s>[/.-])(?P<m>0?[1-9]|1[0-2])"
_DAY_RES = (
    re.compile(rf"{_DAY_NUMBERS}(?:(?P=s){_YEAR})?"),
    re.compile(rf"{_DAY_NUMBERS},? nam {_YEAR}"),
    re.compile(
        r"ngay (?P<d>0?[1-9]|[12]\d|3[01]) thang (?P<m>0?[1-9]|1[0-2])"
        rf"(?:(?:,? nam |/){_YEAR})?"
    ),
)
_MONTH_RES = (
    re.compile(rf"(?:thang|t) ?(?P<m>0?[1-9]|1[0-2]){_YEAR_TAIL}"),
    re.compile(rf"(?P<m>0?[1-9]|1[0-2])[/-]{_YEAR}"),
)
_QUARTER_RE = re.compile(rf"(?:quy|q) ?(?P<q>iv|iii|ii|i|0?[1-4]){_YEAR_TAIL}")
_HALF_RE = re.compile(rf"(?:(?:0?6|sau) thang|nua) (?P<h>dau|cuoi) nam(?: ?/?{_YEAR})?")
_YEAR_RE = re.compile(rf"(?:nam )?{_YEAR}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_of(m: re.Match[str], year: int | None) -> int | None:
    found = m.group("y")
    return int(found) if found else year


def _day(s: str, year: int | None) -> _Window | None:
    for regex in _DAY_RES:
        m = regex.fullmatch(s)
        y = _year_of(m, year) if m else None
        if m and y:
            try:
                day = date(y, int(m.group("m")), int(m.group("d")))
            except ValueError:
                return None
            return _Window(day, day, "day")
    return None


def _month(s: str, year: int | None) -> _Window | None:
    for regex in _MONTH_RES:
        m = regex.fullmatch(s)
        y = _year_of(m, year) if m else None
        if m and y:
            month = int(m.group("m"))
            return _Window(date(y, month, 1), _month_end(y, month), "month")
    return None


def _quarter(s: str, year: int | None) -> _Window | None:
    m = _QUARTER_RE.fullmatch(s)
    y = _year_of(m, year) if m else None
    if not m or not y:
        return None
    q = m.group("q")
    first = 3 * (_ROMAN.get(q) or int(q)) - 2
    return _Window(date(y, first, 1), _month_end(y, first + 2), "quarter")


def _half(s: str, year: int | None) -> _Window | None:
    m = _HALF_RE.fullmatch(s)
    y = _year_of(m, year) if m else None
    if not m or not y:
        return None
    if m.group("h") == "dau":
        return _Window(date(y, 1, 1), date(y, 6, 30), "half")
    return _Window(date(y, 7, 1), date(y, 12, 31), "half")


def _year(s: str, year: int | None) -> _Window | None:
    m = _YEAR_RE.fullmatch(s)
    if m:
        y = int(m.group("y"))
        return _Window(date(y, 1, 1), date(y, 12, 31), "year")
    if s == "nam" and year:
        return _Window(date(year, 1, 1), date(year, 12, 31), "year")
    return None


_ATOMS: tuple[Callable[[str, int | None], _Window | None], ...] = (
    _year,
    _month,
    _quarter,
    _half,
    _day,
)


def _atom(s: str, year: int | None) -> _Window | None:
    s = s.strip(" ,()")
    s = re.sub(r"^(?:het|trong) ", "", s)
    for reader in _ATOMS:
        window = reader(s, year)
        if window:
            return window
    return None


# ------------------------------------------------------------------ ranges and modifiers

_RANGE_SEP = re.compile(r" den | toi |-|, | va ")
_UNIT_PREFIX = re.compile(r"^(thang|quy|ngay|nam) ")


def _range(s: str, year: int | None) -> _Window | None:
    """``A - B``, ``A đến B``, ``A, B``, ``A và B`` → from A's start to B's due."""
    window = _atom(s, year)
    if window:
        return window
    for sep in _RANGE_SEP.finditer(s):
        left, right = s[: sep.start()], s[sep.end() :]
        first = _atom(left, year)
        last = _range(right, first.start.year if first and first.start else year)
        prefix = _UNIT_PREFIX.match(left.strip())
        if last is None and prefix:
            last = _range(f"{prefix.group(1)} {right}", year)
        if first is None and last and last.due:
            first = _atom(left, last.due.year)
        if first and last and first.start and last.due and first.start <= last.due:
            return _Window(first.start, last.due, last.precision)
    return None


_FILLERS = re.compile(
    r"^(?:(?:du kien|trong|thuc hien|hoan thanh|trien khai|thoi gian|vao|giai doan"
    r"|ke tu|bat dau)(?: |$))+"
)
_DUE_ONLY = re.compile(r"^(?:den|toi|cham nhat(?: la| vao)?|han chot|han|khong qua|cuoi) (?:het )?")


def _window(s: str, year: int | None) -> _Window | None:
    """A window with its modifiers: trước, đến (hết), từ, cuối, đầu, giai đoạn."""
    s = re.sub(r"\s*\(?du kien\)?$", "", s).strip(" ,;.")
    s = _FILLERS.sub("", s)
    if m := re.match(r"truoc (?:ngay )?", s):
        inner = _range(s[m.end() :], year)
        if inner is None or inner.start is None:
            return None
        due = inner.due if inner.precision == "day" else inner.start - timedelta(days=1)
        return _Window(None, due, inner.precision)
    if m := _DUE_ONLY.match(s):
        inner = _range(s[m.end() :], year)
        return replace(inner, start=None) if inner else None
    if s.startswith("dau "):
        inner = _atom(s[4:], year)
        return replace(inner, due=None) if inner and inner.precision != "day" else None
    if s.startswith("tu "):
        s = s[3:]
        if re.search(r"(?: tro di| tro ve sau)$", s) or not _RANGE_SEP.search(s):
            inner = _atom(re.sub(r" tro (?:di|ve sau)$", "", s), year)
            return replace(inner, due=None, open_ended=True) if inner else None
    return _range(s, year)


# ------------------------------------------------------------------ phrase kinds

_DONE = re.compile(
    r"^(?:da (?:hoan thanh|thuc hien(?: xong)?|xong|trien khai(?: xong)?|ban hanh))"
    r"(?P<rest>.*)$|^(?:hoan thanh|xong)$"
)
_CONDITIONAL_START = re.compile(
    r"^(?:sau khi|khi|neu|trong truong hop|dot xuat|tuy (?:theo|thuoc)|cho "
    r"|theo (?:yeu cau|de nghi|chi dao|huong dan|ke hoach|lo trinh|tien do|thong bao|quy dinh))\b"
)
_CONDITIONAL_ANY = re.compile(r"\b(?:sau khi|khi co|theo yeu cau|dot xuat)\b")
_CYCLE = r"(?:hang|moi|tung|dinh ky\W*(?:hang )?)"
_RECURRING: tuple[tuple[DeadlineKind, re.Pattern[str]], ...] = (
    ("monthly", re.compile(rf"\b{_CYCLE} ?thang\b")),
    ("quarterly", re.compile(rf"\b(?:{_CYCLE} ?|theo )quy\b")),
    (
        "yearly",
        re.compile(
            rf"\b(?:{_CYCLE} ?nam|(?:cac|nhung) nam (?:tiep theo|sau|ke tiep)"
            r"|(?:va )?nam tiep theo|cac nam)\b"
        ),
    ),
)
_OPEN_END = re.compile(r"tiep theo|ke tiep|cac nam sau|tro di|tro ve sau")
_CONTINUOUS = re.compile(
    r"\b(?:thuong xuyen|lien tuc|hang ngay|moi ngay|hang tuan|moi tuan|suot|lau dai|dai han)\b"
)


def _key(text: str) -> str:
    k = fold(text)
    k = re.sub(r"\s*([/-])\s*", r"\1", k)
    k = re.sub(r"\s*,\s*", ", ", k)
    return k.strip(" .;:")


def _done(k: str, year: int | None) -> _Reading | None:
    m = _DONE.match(k)
    if not m:
        return None
    rest = (m.group("rest") or "").strip(" ,;:()")
    window = _window(rest, year) if rest else None
    return ("done", window.start, window.due) if window else ("done", None, None)


def _conditional(k: str, year: int | None) -> _Reading | None:
    return ("conditional", None, None) if _CONDITIONAL_START.match(k) else None


def _remainder_window(rest: str) -> _Window | None:
    """Window stated beside a recurring/continuous marker (explicit years only)."""
    rest = re.sub(r"^(?:va|,)\s*|\s*(?:va|,)$", "", rest.strip(" ,;:-()"))
    rest = rest.strip(" ,;:-()")
    if not rest or rest.startswith("truoc"):
        return None
    return _window(rest, None)


def _cycle_reading(kind: DeadlineKind, k: str, marker: re.Pattern[str]) -> _Reading:
    rest = marker.sub(" ", k)
    for _, other in _RECURRING:
        rest = other.sub(" ", rest)
    window = _remainder_window(re.sub(r"\s+", " ", _OPEN_END.sub(" ", rest)))
    if window is None:
        return (kind, None, None)
    open_ended = window.open_ended or bool(_OPEN_END.search(k))
    return (kind, window.start, None if open_ended else window.due)


def _recurring(k: str, year: int | None) -> _Reading | None:
    for kind, marker in _RECURRING:
        if marker.search(k):
            return _cycle_reading(kind, k, marker)
    return None


def _continuous(k: str, year: int | None) -> _Reading | None:
    if not _CONTINUOUS.search(k):
        return None
    return _cycle_reading("continuous", k, _CONTINUOUS)


def _once(k: str, year: int | None) -> _Reading | None:
    window = _window(k, year)
    if window is None and year is None and _window(k, 2000) is not None:
        yearless = _window(k, 2000)
        return ("continuous" if yearless and yearless.open_ended else "once", None, None)
    if window is None:
        return None
    if window.open_ended:
        return ("continuous", window.start, None)
    return ("once", window.start, window.due)


def _conditional_anywhere(k: str, year: int | None) -> _Reading | None:
    return ("conditional", None, None) if _CONDITIONAL_ANY.search(k) else None


_RULES: tuple[Callable[[str, int | None], _Reading | None], ...] = (
    _done,
    _conditional,
    _recurring,
    _continuous,
    _once,
    _conditional_anywhere,
)


def parse_deadline(text: str, *, reference_year: int | None = None) -> Deadline:
    """Read a deadline phrase; ``unknown`` with null dates when it cannot be read.

    *reference_year* (usually the plan's year) completes phrases that name a
    month, quarter or day without a year ("Tháng 9", "Quý III").
    """
    cleaned = clean_cell(text)
    key = _key(cleaned)
    if key:
        for rule in _RULES:
            reading = rule(key, reference_year)
            if reading:
                return Deadline(cleaned, *reading)
    return Deadline(cleaned, "unknown")
