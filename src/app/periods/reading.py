"""Sending rules read from a plan's words ("trước ngày 15 hằng tháng", "trước ngày 05/6")."""

from __future__ import annotations

import re

from app.errors import ValidationError
from app.periods.deadlines import SendingRule
from app.periods.model import PeriodKind
from app.vntext import nfc

_RULE = re.compile(
    r"(?P<lead>trước\s+ngày|chậm\s+nhất\s+(?:là\s+)?(?:vào\s+)?ngày|trong\s+ngày|vào\s+ngày)"
    r"\s+(?P<day>\d{1,2})(?!\d)"
    r"(?:\s*[/.-]\s*(?P<month>\d{1,2})(?:\s*[/.-]\s*(?P<year>\d{4}))?"
    r"|\s+tháng\s+(?P<month_w>\d{1,2})(?:\s+năm\s+(?P<year_w>\d{4}))?"
    r"|\s+(?:của\s+)?(?P<every>h[ằà]ng|mỗi)\s+(?P<unit>tháng|quý))?",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"[\s,]*(?:h[ằà]ng\s+năm\s*)?[,(]?\s*báo\s+cáo\s+(?:định\s+kỳ\s+)?"
    r"(?P<label>0?6\s+tháng|sáu\s+tháng|tháng|quý|năm)",
    re.IGNORECASE,
)
_EVERY = re.compile(r"(?:h[ằà]ng|mỗi)\s+(tháng|quý|năm)", re.IGNORECASE)
_CONTEXT_CHARS = 100


def _label_kind(m: re.Match[str], flat: str) -> PeriodKind | None:
    """Kind named by a label right after the rule: "(báo cáo 06 tháng)"."""
    label = _LABEL.match(flat, m.end())
    if label is None:
        return None
    word = label["label"].lower()
    if word.endswith("6 tháng") or word.startswith("sáu"):
        return "half_year"
    if word == "tháng":
        return "monthly"
    return "quarterly" if word == "quý" else "yearly"


def _context_kind(m: re.Match[str], flat: str) -> PeriodKind | None:
    """Kind named by the nearest "hằng tháng/quý/năm" before the rule, in its clause."""
    window = flat[max(0, m.start() - _CONTEXT_CHARS) : m.start()]
    window = window[window.rfind(";") + 1 :]
    words = [e[1].lower() for e in _EVERY.finditer(window)]
    if not words:
        return None
    if words[-1] == "tháng":
        return "monthly"
    return "quarterly" if words[-1] == "quý" else "yearly"


def _read(m: re.Match[str], flat: str) -> tuple[PeriodKind, SendingRule] | None:
    """The rule a match states and the report kind it is for, or None."""
    text = " ".join(m[0].split())
    month = m["month"] or m["month_w"]
    year = m["year"] or m["year_w"]
    label = _label_kind(m, flat)
    try:
        if month is not None:
            rule = SendingRule(int(m["day"]), int(month), int(year) if year else None, text)
            return _dated_kind(m, flat, label=label, dated=year is not None, month=int(month)), rule
        rule = SendingRule(int(m["day"]), None, None, text)
    except ValidationError:
        return None
    # a day of the month: "hằng tháng" after it, a label, or "hằng tháng" before it
    if m["unit"] is not None:
        kind: PeriodKind | None = "monthly" if m["unit"].lower() == "tháng" else "quarterly"
    else:
        kind = label or _context_kind(m, flat)
    if kind not in ("monthly", "quarterly"):
        return None  # "trước ngày 15" alone says nothing about which month
    return kind, rule


def _dated_kind(
    m: re.Match[str], flat: str, *, label: PeriodKind | None, dated: bool, month: int
) -> PeriodKind:
    """Kind of a fixed-date rule: the label, ad hoc for a full date, the context, the month."""
    if label is not None:
        return label
    if dated:
        return "adhoc"
    context = _context_kind(m, flat)
    if context in ("monthly", "quarterly"):
        return context
    return "half_year" if 5 <= month <= 7 else "yearly"


def parse_sending_rule(text: str) -> SendingRule | None:
    """The first sending rule written in *text*, or None.

    Reads "trước ngày 15 hằng tháng" / "hàng tháng", "Hằng tháng, trước ngày
    15", "trước ngày 05/6", "trước ngày 01/12 hàng năm", "trước ngày 15/12",
    "trước ngày 15/10/2025", "trước ngày 15 tháng 10 năm 2025", "chậm nhất
    ngày 20 hằng tháng". A bare "trước ngày 15" with no month or "hằng tháng"
    around it is not a rule. Line breaks and odd spacing of PDF text are
    tolerated.
    """
    flat = " ".join(nfc(text).split())
    for m in _RULE.finditer(flat):
        found = _read(m, flat)
        if found is not None:
            return found[1]
    return None


def parse_sending_rules(text: str) -> dict[PeriodKind, SendingRule]:
    """Every sending rule in *text* (e.g. a plan's "Tổ chức thực hiện"), by report kind.

    The kind comes from a following label ("(báo cáo tháng)", "(báo cáo 06
    tháng)", "(báo cáo năm)"), else from "hằng tháng"/"hằng quý" after or
    before the day, else a full date is ad hoc, else a fixed date in May–July
    is the half-year report and any other the annual one. The first rule
    found for a kind wins.
    """
    flat = " ".join(nfc(text).split())
    rules: dict[PeriodKind, SendingRule] = {}
    for m in _RULE.finditer(flat):
        found = _read(m, flat)
        if found is not None:
            rules.setdefault(*found)
    return rules
