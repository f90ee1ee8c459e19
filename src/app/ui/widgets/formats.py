"""Sort keys and display formats of the list screens (no widgets).

* :func:`text_key` / :func:`number_key` — sort keys: Vietnamese dictionary
  order (same order as ``app.vntext.sort_key``, computed word by word with a
  cache) and natural numbering ("1.2" < "1.10", "II" < "IV").
* :func:`show_date` / :func:`show_number` — dd/mm/yyyy and decimal comma.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from app.vntext import SortKey, clean_cell, sort_key

_SPACE = sort_key("a b")
_SPACE_KEY = (_SPACE[0][1], _SPACE[1][1], _SPACE[2][1])


@lru_cache(maxsize=100_000)
def _word_key(word: str) -> SortKey:
    return sort_key(word)


def text_key(text: str) -> SortKey:
    """``sort_key(text)``, fast on long lists (words repeat, their keys are cached).

    Tone placement works inside one syllable, so joining per-word keys with
    the key of a space gives exactly ``sort_key`` of the whole cleaned text.
    """
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for i, word in enumerate(clean_cell(text).split(" ")):
        if i:
            primary.append(_SPACE_KEY[0])
            tones.append(_SPACE_KEY[1])
            cases.append(_SPACE_KEY[2])
        p, t, c = _word_key(word)
        primary.extend(p)
        tones.extend(t)
        cases.extend(c)
    return (tuple(primary), tuple(tones), tuple(cases))


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PART = re.compile(r"\d+|[^\d.]+")


def _roman(text: str) -> int | None:
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def number_key(text: str) -> tuple[tuple[int, int, object], ...]:
    """Natural order of numbering: 1.2 < 1.10, II < IV, 2a < 10; blanks last."""
    cleaned = clean_cell(text).rstrip(".")
    if not cleaned:
        return ((3, 0, ""),)
    roman = _roman(cleaned.upper()) if cleaned.isalpha() and cleaned.isupper() else None
    if roman is not None:
        return ((0, roman, ""),)
    parts: list[tuple[int, int, object]] = []
    for piece in _PART.findall(cleaned):
        if piece.isdigit():
            parts.append((1, int(piece), ""))
        else:
            parts.append((2, 0, text_key(piece)))
    return tuple(parts)


def show_date(iso: str | date | None) -> str:
    """dd/mm/yyyy, or "" for no date."""
    if not iso:
        return ""
    d = date.fromisoformat(iso) if isinstance(iso, str) else iso
    return d.strftime("%d/%m/%Y")


def show_number(value: float | None) -> str:
    """A number with decimal comma and no needless decimals: 1,5 · 80 · 0,25."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
