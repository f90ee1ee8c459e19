"""Vietnamese text: NFC normalisation, cell cleaning, search folding, sort order, unit names.

Stored text is always NFC and never rewritten by the helpers here except
:func:`nfc` and :func:`clean_cell`; everything else produces *keys* used for
searching, sorting and matching.

Decisions
---------
* :func:`fold` drops every diacritic (tone and vowel-shape marks, đ → d) and
  case, so tone-mark placement (hoá/hóa) cannot matter for search keys.
* :func:`normalise_tone_placement` chooses the placement on the main vowel
  ("hoá", "khoẻ", "thuỷ"), the style of the seed plans' "Văn hoá" and of the
  2018 Ministry of Education rules; "hóa", "khỏe", "thủy" are moved to it.
  Only the vowel endings oa, oe, uy without a final consonant are ambiguous;
  every other syllable is left as it is.
* :func:`sort_key` compares base letters in the Vietnamese alphabet first,
  then the tones (ngang, huyền, hỏi, ngã, sắc, nặng), then case.
* :func:`unit_key` reduces a unit name to the initials of its words (words
  already abbreviated, such as "VH", "HĐND", "VHXH", are kept whole), after
  dropping a trailing "xã", connectors ("và", "&", ",", dashes) and any
  parenthesised remark. So "Phòng Văn hoá – Xã hội", "Phòng VH-XH" and
  "P.VHXH" share the key ``pvhxh``. Names that are collectives ("Các phòng,
  ban, ngành …", "27 xóm") keep their words instead. Two different units whose
  words have the same initials (Phòng Kinh tế / Phòng Kế toán) get the same
  key: a commune has few units, and the importer may compare :func:`fold` too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC (the form stored in the database)."""
    return unicodedata.normalize("NFC", text)


def clean_cell(text: object) -> str:
    """NFC text of a table cell with line breaks joined and spaces collapsed."""
    if text is None:
        return ""
    return _SPACES.sub(" ", nfc(str(text))).strip()


# ------------------------------------------------------------------ folding


_DASHES = re.compile("[\u2010-\u2015\u2212]")


def fold(text: str) -> str:
    """Search key: no diacritics (đ → d), case-folded, dashes as "-", whitespace collapsed.

    ``fold("Văn  hoá")`` and ``fold("VAN HÓA")`` both give ``"van hoa"``;
    composed and decomposed input give the same key.
    """
    decomposed = unicodedata.normalize("NFD", _DASHES.sub("-", text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D").casefold()
    return _SPACES.sub(" ", bare).strip()


def matches(query: str, text: str) -> bool:
    """True when every folded word of *query* occurs in the folded *text*."""
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())


# ------------------------------------------------------------------ letters and tones

#: Combining tone marks → tone number in dictionary order
#: (0 ngang, 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng).
_TONES: dict[str, int] = {
    "\u0300": 1,
    "\u0340": 1,
    "\u0309": 2,
    "\u0303": 3,
    "\u0301": 4,
    "\u0341": 4,
    "\u0323": 5,
}
_TONE_MARK: dict[int, str] = {1: "\u0300", 2: "\u0309", 3: "\u0303", 4: "\u0301", 5: "\u0323"}

_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK: dict[str, int] = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def _graphemes(text: str) -> list[tuple[str, int]]:
    """Split *text* into (NFC character without its tone mark, tone) pairs.

    Works whatever the order of the combining marks (decomposed input may put
    the tone before the circumflex).
    """
    groups: list[tuple[list[str], int]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and groups:
            marks, tone = groups[-1]
            if ch in _TONES and tone == 0:
                groups[-1] = (marks, _TONES[ch])
            else:
                marks.append(ch)
        else:
            groups.append(([ch], 0))
    return [(nfc("".join(marks)), tone) for marks, tone in groups]


def _compose(base: str, tone: int) -> str:
    return nfc(base + _TONE_MARK[tone]) if tone else base


_AMBIGUOUS_SYLLABLE = re.compile(r"([bcdđghklmnpqrstvx]*)(oa|oe|uy)")


def _place_tone(syllable: list[tuple[str, int]]) -> list[tuple[str, int]]:
    tones = [tone for _, tone in syllable if tone]
    letters = "".join(base for base, _ in syllable).lower()
    if len(tones) != 1 or not _AMBIGUOUS_SYLLABLE.fullmatch(letters):
        return syllable
    bare = [(base, 0) for base, _ in syllable]
    bare[-1] = (bare[-1][0], tones[0])
    return bare


def normalise_tone_placement(text: str) -> str:
    """Return *text* (NFC) with oa/oe/uy tones on the main vowel: hòa → hoà, thủy → thuỷ.

    For keys only: stored text keeps the writer's choice.
    """
    out: list[str] = []
    syllable: list[tuple[str, int]] = []
    for base, tone in [*_graphemes(text), ("", 0)]:
        if base.isalpha():
            syllable.append((base, tone))
            continue
        out.extend(_compose(b, t) for b, t in _place_tone(syllable))
        syllable = []
        out.append(_compose(base, tone))
    return "".join(out)


# ------------------------------------------------------------------ sorting

SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def _primary(base: str) -> tuple[int, int]:
    lower = base.lower()
    if lower in _LETTER_RANK:
        return (3, _LETTER_RANK[lower])
    if lower.isdigit() and len(lower) == 1:
        return (2, ord(lower))
    if lower.isalpha():
        return (4, ord(lower[0]))
    return (1, ord(lower[0])) if lower else (0, 0)


def sort_key(text: str) -> SortKey:
    """Key for ``sorted(..., key=sort_key)`` in Vietnamese dictionary order.

    Base letters first (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x
    y), then tones in the order ngang, huyền, hỏi, ngã, sắc, nặng, then case
    (lower before upper). Decomposed input and either tone placement
    (hoà/hòa) sort as the same word.
    """
    chars = _graphemes(normalise_tone_placement(clean_cell(text)))
    return (
        tuple(_primary(base) for base, _ in chars),
        tuple(tone for _, tone in chars),
        tuple(int(base != base.lower()) for base, _ in chars),
    )


# ------------------------------------------------------------------ unit names

_CONNECTORS = frozenset({"va", "&", "-", "cua"})
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|ch|nh|ph|th|tr|qu|[bcdghklmnpqrstvx])?"
    r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PARENS = re.compile(r"\([^)]*\)")
_COLLECTIVE_START = re.compile(r"(?:cac|nhung|toan bo|toan the|tat ca|\d+)\b")
_COLLECTIVE_STOP = frozenset({"cac", "co", "va", "xa"})


def _is_abbreviation(token: str, *, mixed_case: bool) -> bool:
    folded = fold(token)
    if not _SYLLABLE.fullmatch(folded) and not folded.isdigit():
        return True
    return mixed_case and len(token) > 1 and token.isupper()


def _name_tokens(name: str) -> list[str]:
    text = _PARENS.sub(" ", nfc(name))
    tokens = [t for t in _TOKEN.findall(text) if fold(t) not in _CONNECTORS]
    while len(tokens) > 1 and fold(tokens[-1]) == "xa":
        tokens.pop()
    return tokens


def unit_key(name: str) -> str:
    """Matching key of a unit name: initials of its words, abbreviations kept whole.

    ``Phòng Văn hoá – Xã hội``, ``phòng văn hóa - xã hội``, ``Phòng VH-XH`` and
    ``Phòng VHXH`` all give ``"pvhxh"``; collectives such as ``Các phòng, ban,
    ngành, đơn vị liên quan`` keep their folded words.
    """
    folded = fold(_PARENS.sub(" ", name))
    if _COLLECTIVE_START.match(folded):
        words = re.findall(r"[^\W_]+", folded)
        return " ".join(w for w in words if w not in _COLLECTIVE_STOP)
    mixed_case = any(ch.islower() for ch in name)
    parts: list[str] = []
    for token in _name_tokens(name):
        whole = _is_abbreviation(token, mixed_case=mixed_case) or token.isdigit()
        parts.append(fold(token) if whole else fold(token)[0])
    return "".join(parts)


# Words that begin a new unit inside a lead/cooperating cell. Inside a
# collective that started with "các …", only their capitalised forms do.
_UNIT_START_WORDS = (
    "phòng",
    "văn phòng",
    "trung tâm",
    "công an",
    "trạm",
    "ban",
    "uỷ ban",
    "ủy ban",
    "chi nhánh",
    "trường",
    "hợp tác xã",
    "đoàn",
    "hội",
    "bưu điện",
    "đảng uỷ",
    "đảng ủy",
    "quân sự",
    "thôn",
    "xóm",
    "bản",
    "tổ dân phố",
    "công ty",
    "ngân hàng",
)
# A line ending with one of these words continues on the next line
# ("Văn\nPhòng …", "Xã\nHội").
_CONTINUED_LINE = frozenset({"van", "xa", "uy", "chi", "trung", "tram", "cong", "to", "dang"})
_BULLET_LINE = re.compile(r"\n\s*[-+•]\s*")
_PART = re.compile(r"(,\s*|\s+và\s+)")


def _starts_unit(part: str, *, capital_only: bool) -> bool:
    text = part.strip()
    lower = text.lower()
    for word in _UNIT_START_WORDS:
        if lower.startswith(word) and not lower[len(word) : len(word) + 1].isalpha():
            return not capital_only or text[:1].isupper()
    return False


def _starts_collective(part: str) -> bool:
    return bool(_COLLECTIVE_START.match(fold(part)))


def _split_lines(cell: str) -> list[str]:
    """Split a raw cell at ``;``, bullets and lines that begin a new unit."""
    segments: list[str] = []
    for chunk in re.split(r";", _BULLET_LINE.sub(";", cell)):
        current = ""
        for line in chunk.split("\n"):
            words = fold(current).split()
            if (
                current.strip()
                and _starts_unit(line, capital_only=True)
                and (not words or words[-1] not in _CONTINUED_LINE)
                and not current.rstrip().endswith(",")
            ):
                segments.append(current)
                current = line
            else:
                current = f"{current} {line}"
        segments.append(current)
    return segments


def _split_segment(segment: str) -> list[str]:
    pieces = _PART.split(segment)
    units = [pieces[0]]
    collective = _starts_collective(pieces[0])
    for sep, part in zip(pieces[1::2], pieces[2::2], strict=True):
        new = _starts_unit(part, capital_only=collective)
        if not new and not collective and _starts_collective(part):
            new = True
        if new:
            units.append(part)
            collective = _starts_collective(part)
        else:
            units[-1] = units[-1] + sep + part
    return units


def split_units(cell: str) -> list[str]:
    """Split a lead/cooperating cell into unit names (NFC, spaces collapsed).

    ``;`` and bullet lines always separate; a comma, "và" or a line break
    separates only when what follows starts a unit ("Phòng …", "Công an …",
    "các …"), so "Trung tâm Văn hoá, Thể thao và Truyền thông xã", "Văn phòng
    HĐND và UBND" and the collective "Các phòng, ban, ngành, đơn vị liên quan"
    stay whole. Inside a collective only a capitalised unit word starts a new
    unit.
    """
    units: list[str] = []
    for segment in _split_lines(nfc(cell)):
        for unit in _split_segment(clean_cell(segment)):
            unit = unit.strip(" .,;-+•")
            if unit:
                units.append(unit)
    return units


UnitKind = Literal[
    "phong", "trung_tam", "cong_an", "tram_y_te", "thon_xom", "doan_the", "doanh_nghiep", "other"
]

_KIND_WORDS: tuple[tuple[UnitKind, str], ...] = (
    (
        "doan_the",
        r"(?:uy ban |ub ?)?(?:mat tran|mttq\w*)|(?:cac )?doan the|to chuc chinh tri"
        r"|hoi (?!dong)\w+|doan (?:thanh nien|tn\w*)|cong doan|cuu chien binh",
    ),
    ("cong_an", r"cong an|ca"),
    ("tram_y_te", r"tram (?:y te|yte)|tyt"),
    ("trung_tam", r"trung tam|tt"),
    ("phong", r"(?:van )?phong|p\.|p|vp"),
    ("thon_xom", r"thon|xom|to dan pho|khu (?:pho|dan cu)|lang|ap|buon"),
    (
        "doanh_nghiep",
        r"doanh nghiep|cong ty|hop tac xa|htx|ngan hang|chi nhanh|buu dien"
        r"|dien luc|viettel|vnpt|mobifone|tap doan|co so san xuat",
    ),
)
_KIND_PATTERNS = tuple((kind, re.compile(rf"(?:{words})(?!\w)")) for kind, words in _KIND_WORDS)


def unit_kind(name: str) -> UnitKind:
    """Guess the kind of unit a name denotes (``other`` when unsure).

    Collectives ("Các phòng, ban, ngành …") are ``other`` unless they name
    only villages ("các thôn", "27 xóm"), mass organisations ("các đoàn
    thể …") or enterprises ("các doanh nghiệp").
    """
    folded = fold(_PARENS.sub(" ", name)).lstrip("-+• ")
    collective = _COLLECTIVE_START.match(folded)
    head = folded[collective.end() :].strip() if collective else folded
    if re.match(r"(?:ban quan ly )?ban\b", head) and "bản" in nfc(name).lower():
        return "thon_xom"
    for kind, pattern in _KIND_PATTERNS:
        if pattern.match(head):
            if collective and kind not in ("thon_xom", "doan_the", "doanh_nghiep"):
                return "other"
            return kind
    return "other"


def numbered(number: str, name: str) -> str:
    """ "3. Name", or just the name when the task or indicator has no number."""
    number = " ".join(number.split())
    name = " ".join(name.split())
    return f"{number}. {name}" if number else name
