"""The catalogue of standard indicators and matching a plan's indicator names to it.

``resources/catalogue/indicators.json`` lists the indicators that recur across
commune plans (online public services, digitised records, VNeID, 5G …), each
with a stable code ("CS-01" …), its usual name, unit and the variant names
offices print. A plan's indicator linked to a code is what lets a receiving
office add communes up (``app.services.consolidation``).

Matching (:func:`match_indicator`)
----------------------------------
Names are compared as *keys*: folded (no diacritics, case-folded,
``app.vntext.fold``), punctuation dropped, common abbreviations expanded
("DVCTT", "TTHC" …), a few spelling variants unified ("tỉ lệ"/"tỷ lệ",
"truy cập"/"truy nhập", "căn bản"/"cơ bản", "01"/"1"), and filler words
removed ("tỷ lệ", "của", "các", "và" …). Against each catalogue name and alias:

* a token score: Dice coefficient of the two token sets with every token
  weighted by its rarity in the catalogue (a word found in one entry only,
  such as "VNeID" or "phi tiếp xúc", weighs more than "thủ tục hành chính");
* an order score: ``difflib`` ratio of the two keys;
* score = 0.7 × token + 0.3 × order; the best entry must reach
  :data:`THRESHOLD` and beat the best *other* entry by :data:`MARGIN`, else no
  link (a wrong link silently adds the wrong figures together; a missing one
  is fixed by the officer in one click).

Some words tell entries apart that otherwise share almost every word. A
candidate is refused outright when the two names each carry a different
member of the same :data:`_EXCLUSIVE` group that the other lacks: "toàn trình"
and "một phần" (online public services), officials vs citizens vs
businesses, "trực tuyến" vs "không dùng tiền mặt" payments. So "Tỷ lệ dịch
vụ công trực tuyến một phần" can never be linked to the "toàn trình" entry.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from app.paths import resource_dir
from app.vntext import fold

CATALOGUE_FILE = ("catalogue", "indicators.json")
THRESHOLD = 0.72
MARGIN = 0.06
_FLOOR = THRESHOLD - MARGIN  #: scores below this cannot change a match


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    code: str
    name: str
    unit: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def is_percent(self) -> bool:
        return self.unit.strip().startswith("%")


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: int
    entries: tuple[CatalogueEntry, ...]

    def get(self, code: str | None) -> CatalogueEntry | None:
        if not code:
            return None
        return next((e for e in self.entries if e.code == code), None)

    def codes(self) -> list[str]:
        return [e.code for e in self.entries]


# ------------------------------------------------------------------ loading


def parse_catalogue(raw: object) -> Catalogue:
    """Check and convert the JSON document; ValueError on a malformed catalogue."""
    if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
        raise ValueError("catalogue: an object with an 'indicators' list expected")
    entries: list[CatalogueEntry] = []
    seen: set[str] = set()
    for item in raw["indicators"]:
        if not isinstance(item, dict):
            raise ValueError("catalogue: every indicator must be an object")
        code, name = item.get("code"), item.get("name")
        unit, aliases = item.get("unit", ""), item.get("aliases", [])
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}-\d{2,3}", code):
            raise ValueError(f"catalogue: bad code {code!r}")
        if code in seen:
            raise ValueError(f"catalogue: duplicate code {code}")
        if not isinstance(name, str) or not name.strip() or not isinstance(unit, str):
            raise ValueError(f"catalogue: {code} needs a name and a unit")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"catalogue: {code} aliases must be a list of strings")
        seen.add(code)
        entries.append(CatalogueEntry(code, name, unit, tuple(aliases)))
    version = raw.get("version", 1)
    return Catalogue(version if isinstance(version, int) else 1, tuple(entries))


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped in ``resources/`` (read once per process)."""
    path = resource_dir().joinpath(*CATALOGUE_FILE)
    with path.open(encoding="utf-8") as f:
        return parse_catalogue(json.load(f))


def catalogue_entry(code: str | None) -> CatalogueEntry | None:
    return load_catalogue().get(code)


# ------------------------------------------------------------------ keys

_ABBREVIATIONS = {
    "dvctt": "dich vu cong truc tuyen",
    "dvc": "dich vu cong",
    "tthc": "thu tuc hanh chinh",
    "cqnn": "co quan nha nuoc",
    "cbcc": "can bo cong chuc",
    "cbccvc": "can bo cong chuc vien chuc",
    "khcn": "khoa hoc cong nghe",
    "dmst": "doi moi sang tao",
    "cds": "chuyen doi so",
    "csdl": "co so du lieu",
    "dn": "doanh nghiep",
}
_VARIANTS = (
    (re.compile(r"\bti le\b"), "ty le"),
    (re.compile(r"\btruy nhap\b"), "truy cap"),
    (re.compile(r"\bcan ban\b"), "co ban"),
)
_STOPWORDS = frozenset(
    {"ty", "le", "cua", "cac", "va", "tren", "trong", "duoc", "voi", "cho", "tai", "hoac"}
    | {"nhung", "thuoc", "la", "o", "khac"}
)
#: Group rows typed as indicators ("Chỉ tiêu về thủ tục hành chính …", "Các chỉ tiêu về …").
_HEADING = re.compile(r"(?:cac |nhom )?chi tieu\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")

#: Groups of words that tell otherwise similar indicators apart (see module doc).
_EXCLUSIVE: tuple[tuple[re.Pattern[str], ...], ...] = tuple(
    tuple(re.compile(rf"\b(?:{p})\b") for p in group)
    for group in (
        ("toan trinh", "mot phan"),
        ("can bo|cong chuc|vien chuc", "nguoi dan|dan so", "doanh nghiep", "co quan"),
        ("thanh toan truc tuyen", "khong dung tien mat"),
        ("5 g", "bang rong"),
    )
)


def _number(token: str) -> str:
    return (token.lstrip("0") or "0") if token.isdigit() else token


def key_text(name: str) -> str:
    """The normalised text of a name, before filler words are dropped."""
    text = _NON_WORD.sub(" ", fold(name))
    text = _DIGIT_LETTER.sub(" ", text)
    words = [_ABBREVIATIONS.get(w, _number(w)) for w in text.split()]
    text = " ".join(words)
    for pattern, repl in _VARIANTS:
        text = pattern.sub(repl, text)
    return text


def name_tokens(name: str) -> list[str]:
    """Matching tokens of a name (see module doc)."""
    return [w for w in key_text(name).split() if w not in _STOPWORDS]


def _markers(text: str) -> list[frozenset[int]]:
    return [frozenset(i for i, p in enumerate(group) if p.search(text)) for group in _EXCLUSIVE]


def _conflict(a: list[frozenset[int]], b: list[frozenset[int]]) -> bool:
    return any((x - y) and (y - x) for x, y in zip(a, b, strict=True))


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry: CatalogueEntry
    tokens: frozenset[str]
    joined: str
    markers: list[frozenset[int]]
    weight: float


@dataclass(frozen=True, slots=True)
class _Index:
    candidates: tuple[_Candidate, ...]
    weights: dict[str, float]
    unknown_weight: float


def _build_index(entries: Iterable[CatalogueEntry]) -> _Index:
    entries = tuple(entries)
    candidates: list[_Candidate] = []
    df: dict[str, int] = {}
    names: list[tuple[CatalogueEntry, list[str], str]] = []
    for entry in entries:
        seen: set[str] = set()
        for name in entry.names:
            tokens = name_tokens(name)
            seen.update(tokens)
            names.append((entry, tokens, name))
        for token in seen:
            df[token] = df.get(token, 0) + 1
    n = max(len(entries), 1)
    weights = {t: math.log(1 + n / c) for t, c in df.items()}
    for entry, tokens, name in names:
        candidates.append(
            _Candidate(
                entry,
                frozenset(tokens),
                " ".join(tokens),
                _markers(key_text(name)),
                sum(weights[t] for t in set(tokens)),
            )
        )
    return _Index(tuple(candidates), weights, math.log(1 + n))


@cache
def _default_index() -> _Index:
    return _build_index(load_catalogue().entries)


@dataclass(frozen=True, slots=True)
class MatchScore:
    code: str
    score: float


def _weight(index: _Index, tokens: Iterable[str]) -> float:
    return sum(index.weights.get(t, index.unknown_weight) for t in tokens)


def score_name(name: str, index: _Index | None = None) -> list[MatchScore]:
    """Best score per catalogue entry for *name*, highest first (conflicting ones left out).

    The order score is only worked out where it can matter: an entry that could not
    come within :data:`MARGIN` of :data:`THRESHOLD` even with a perfect order score
    keeps its token part alone (``difflib`` is the slow part).
    """
    index = index or _default_index()
    tokens = frozenset(name_tokens(name))
    if not tokens:
        return []
    joined = " ".join(name_tokens(name))
    markers = _markers(key_text(name))
    own = _weight(index, tokens)
    best: dict[str, float] = {}
    for cand in index.candidates:
        if _conflict(markers, cand.markers):
            continue
        shared = _weight(index, tokens & cand.tokens)
        score = 0.7 * 2 * shared / (own + cand.weight)
        if score + 0.3 >= _FLOOR:
            matcher = difflib.SequenceMatcher(None, joined, cand.joined, autojunk=False)
            if score + 0.3 * matcher.quick_ratio() >= _FLOOR:
                score += 0.3 * matcher.ratio()
        if score > best.get(cand.entry.code, -1.0):
            best[cand.entry.code] = score
    return sorted((MatchScore(c, s) for c, s in best.items()), key=lambda m: -m.score)


def match_code(name: str, index: _Index | None = None) -> str | None:
    """The code of the entry *name* denotes, or None when no entry is clearly close."""
    if index is None:
        return _match_default(name)
    return _match(name, index)


@lru_cache(maxsize=4096)
def _match_default(name: str) -> str | None:
    return _match(name, _default_index())


def _match(name: str, index: _Index) -> str | None:
    if _HEADING.match(fold(name)):
        return None
    scores = score_name(name, index)
    if not scores or scores[0].score < THRESHOLD:
        return None
    if len(scores) > 1 and scores[0].score - scores[1].score < MARGIN:
        return None
    return scores[0].code


def match_indicator(name: str) -> CatalogueEntry | None:
    """The catalogue entry *name* denotes, or None when no entry is clearly close."""
    return load_catalogue().get(match_code(name))
