"""Render a cell value the way Excel displays it, from its number format.

Covers what plan workbooks use: General, text (@), fixed decimals with or
without thousands separators, percentages, literal text in formats, dates and
times.  The decimal separator is "." and the thousands separator ",": a
workbook does not record the locale of the machine that displayed it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"([^"]*)"')


def display_text(value: object, number_format: str | None) -> str:
    """Text of a cell as Excel shows it (before cleaning whitespace)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = number_format or "General"
    if isinstance(value, datetime | date | time):
        return _format_datetime(value, fmt)
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return _format_number(value, fmt)
    return str(value)


def _general(value: float | int | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    try:
        d = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError):
        return str(value)
    if d == d.to_integral_value() and abs(d) < Decimal(10) ** 15:
        return str(int(d))
    text = f"{float(value):.10g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}E{int(exp):+03d}"
    return text


def _split_sections(fmt: str) -> list[str]:
    sections: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for ch in fmt:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return sections


def _literals_removed(section: str) -> tuple[str, str, str]:
    """Split a numeric section into (prefix literal, numeric core, suffix literal)."""
    section = _BRACKETS.sub("", section)
    out: list[str] = []  # characters; literals marked by a leading "\x00"
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.extend("\x00" + c for c in section[i + 1 : end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            out.append("\x00" + section[i + 1])
            i += 2
            continue
        if ch in "_*" and i + 1 < len(section):
            if ch == "_":
                out.append("\x00 ")
            i += 2
            continue
        if ch in "0#?.,%Ee+-":
            out.append(ch)
        elif ch in " ()$:/":
            out.append("\x00" + ch)
        else:
            out.append("\x00" + ch)
        i += 1
    # numeric core: from first to last numeric placeholder
    idx = [k for k, c in enumerate(out) if not c.startswith("\x00") and c in "0#?"]
    if not idx:
        return "".join(c.lstrip("\x00") for c in out), "", ""
    first, last = idx[0], idx[-1]
    # extend core to include trailing percent / exponent parts
    core = out[first : last + 1]
    prefix = "".join(c.lstrip("\x00") for c in out[:first])
    suffix = "".join(c.lstrip("\x00") for c in out[last + 1 :])
    return prefix, "".join(c.lstrip("\x00") if c.startswith("\x00") else c for c in core), suffix


def _format_number(value: float | int | Decimal, fmt: str) -> str:
    sections = _split_sections(fmt)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    section = sections[0]
    negative = number < 0
    if negative and len(sections) >= 2 and sections[1].strip():
        section = sections[1]
        number = -number
        negative = False
    elif number == 0 and len(sections) >= 3 and sections[2].strip():
        section = sections[2]
    plain = _BRACKETS.sub("", section).strip()
    if plain.lower() in ("general", "", "@"):
        text = _general(number if not isinstance(value, int) else value)
        if negative or not text.startswith("-"):
            return text
        return text
    prefix, core, suffix = _literals_removed(section)
    percent = "%" in prefix + core + suffix
    if not core:
        return prefix + suffix if prefix + suffix else _general(value)
    if "E" in core.upper():
        mant = core.upper().split("E")[0]
        decimals = mant.split(".")[1].count("0") if "." in mant else 0
        text = f"{float(number):.{decimals}E}"
        m, e = text.split("E")
        return prefix + f"{m}E{int(e):+03d}" + suffix
    if percent:
        number = number * 100
    int_part, _, frac_part = core.partition(".")
    decimals = sum(1 for c in frac_part if c in "0#?")
    min_decimals = sum(1 for c in frac_part if c == "0")
    thousands = "," in int_part
    scale_commas = len(core) - len(core.rstrip(","))
    if scale_commas and not frac_part:
        number = number / (Decimal(1000) ** scale_commas)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = abs(number).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}" if thousands else f"{rounded:.{decimals}f}"
    if decimals > min_decimals and "." in text:
        keep = text.rstrip("0")
        head, _, tail = keep.partition(".")
        tail = tail.ljust(min_decimals, "0")
        text = head + ("." + tail if tail else "")
    int_digits = int_part.replace(",", "")
    if int_digits and int_digits.count("0") == 0 and text.startswith("0"):
        text = text[1:] if text.startswith("0.") else text  # "#.##" shows ".5"
        if text == "0":
            text = ""
    sign = "-" if number < 0 and rounded != 0 else ""
    if negative and rounded != 0:
        sign = "-"
    return sign + prefix + text + suffix


_DATE_TOKENS = re.compile(
    r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|am/pm|A/P|\.0+|\"[^\"]*\"|\\.|.",
    re.IGNORECASE,
)


def _format_datetime(value: datetime | date | time, fmt: str) -> str:
    section = _BRACKETS.sub("", _split_sections(fmt)[0])
    if section.strip().lower() in ("general", "", "@"):
        if isinstance(value, datetime):
            if value.time() == time(0):
                return value.strftime("%d/%m/%Y")
            return value.strftime("%d/%m/%Y %H:%M")
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%H:%M:%S")
    tokens = _DATE_TOKENS.findall(section)
    dt = value if isinstance(value, datetime | time) else datetime(value.year, value.month, 1)
    if isinstance(value, date) and not isinstance(value, datetime):
        dt = datetime(value.year, value.month, value.day)
    out: list[str] = []
    for k, tok in enumerate(tokens):
        low = tok.lower()
        prev = next((t.lower() for t in reversed(tokens[:k]) if t.strip(" /-:.,")), "")
        nxt = next((t.lower() for t in tokens[k + 1 :] if t.strip(" /-:.,")), "")
        if low in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s")):
            minute = dt.minute
            out.append(f"{minute:02d}" if low == "mm" else str(minute))
        elif low == "yyyy" and isinstance(dt, datetime):
            out.append(f"{dt.year:04d}")
        elif low == "yy" and isinstance(dt, datetime):
            out.append(f"{dt.year % 100:02d}")
        elif low == "mm" and isinstance(dt, datetime):
            out.append(f"{dt.month:02d}")
        elif low == "m" and isinstance(dt, datetime):
            out.append(str(dt.month))
        elif low in ("mmm", "mmmm", "mmmmm") and isinstance(dt, datetime):
            out.append(f"Tháng {dt.month}" if low == "mmmm" else f"Th{dt.month}")
        elif low == "dd" and isinstance(dt, datetime):
            out.append(f"{dt.day:02d}")
        elif low == "d" and isinstance(dt, datetime):
            out.append(str(dt.day))
        elif low in ("ddd", "dddd") and isinstance(dt, datetime):
            out.append(dt.strftime("%a" if low == "ddd" else "%A"))
        elif low == "hh":
            out.append(f"{dt.hour:02d}")
        elif low == "h":
            out.append(str(dt.hour))
        elif low == "ss":
            out.append(f"{dt.second:02d}")
        elif low == "s":
            out.append(str(dt.second))
        elif low in ("am/pm", "a/p"):
            out.append("AM" if dt.hour < 12 else "PM")
        elif tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif tok.startswith(".") and len(tok) > 1:
            out.append("")
        elif tok in ("_", "*"):
            continue
        else:
            out.append(tok)
    return "".join(out)
