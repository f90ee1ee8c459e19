"""Shared pieces of the printed documents: issuer, numbers, dates, prose, tables.

ReportLab and openpyxl are loaded only when a document is built (start-up
speed), so the printing package is imported inside functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.services.commune import ProfileData
from app.targets import format_number_vi
from app.vntext import fold

if TYPE_CHECKING:
    from app.printing import Block, Row, Signature

UBND = "ỦY BAN NHÂN DÂN"
DEFAULT_STANDING_OFFICE = "Phòng Văn hoá - Xã hội"
PLAN_RECIPIENTS = [
    "Thường trực Đảng ủy, HĐND xã (để b/c)",
    "Chủ tịch, các Phó Chủ tịch UBND xã",
    "Các phòng, ban, ngành, đơn vị cấp xã",
    "Lưu: VT",
]
REPORT_RECIPIENTS = ["Như trên", "Thường trực Đảng ủy, HĐND xã (để b/c)", "Lưu: VT"]
#: Status words of the progress annex, in the order of the figures paragraph.
STATUS_ORDER = (
    "done_on_time",
    "done_late",
    "in_progress_on_time",
    "in_progress_late",
    "not_started",
    "not_started_late",
    "waiting_condition",
    "paused",
    "cancelled",
)


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues the document and how running text names it."""

    parent_body: str | None
    lines: list[str]
    place: str
    phrase: str  # "Ủy ban nhân dân xã Tam Chung"
    standing_office: str


def issuer_for(profile: ProfileData | None, commune: str, place: str = "") -> Issuer:
    """Header lines from the commune profile; "ỦY BAN NHÂN DÂN / XÃ …" without one."""
    name = " ".join(commune.split()) or (profile.name if profile else "")
    if profile and profile.issuer_lines:
        lines = list(profile.issuer_lines)
    else:
        lines = [UBND, *([f"XÃ {name.upper()}"] if name else [])]
    where = place.strip() or (profile.place_name if profile else "") or name or "……"
    return Issuer(
        parent_body=(profile.parent_body or None) if profile else None,
        lines=lines,
        place=where,
        phrase=issuer_phrase(lines, name),
        standing_office=(profile.standing_office if profile else "") or DEFAULT_STANDING_OFFICE,
    )


def issuer_phrase(lines: list[str], name: str) -> str:
    """ "ỦY BAN NHÂN DÂN" / "XÃ TAM CHUNG" → "Ủy ban nhân dân xã Tam Chung"."""
    if len(lines) >= 2 and fold(lines[0]) == fold(UBND):
        words = lines[1].split()
        n = 2 if fold(lines[1]).startswith(("thi tran ", "dac khu ")) else 1
        kind = " ".join(words[:n]).lower()
        rest = " ".join(words[n:])
        if not name or fold(rest) != fold(name):
            name = rest.title()
        return f"Ủy ban nhân dân {kind} {name}".strip()
    text = " ".join(" ".join(lines).split()).lower()
    return text[:1].upper() + text[1:]


def number_part(number: str) -> str | None:
    """ "45/KH-UBND" → "45"; None when no number is recorded (a draft)."""
    m = re.match(r"\s*(?:số\s*)?(\d+)", number, re.IGNORECASE)
    return m.group(1) if m else None


def issuer_code(number: str, default: str = "UBND") -> str:
    """ "45/KH-UBND" → "UBND"."""
    m = re.search(r"/\s*[^\s/-]+\s*-\s*([^\s/]+)", number)
    return m.group(1) if m else default


def short_date(d: date) -> str:
    """ "05/02/2025", "29/6/2025" (day with a leading zero; months 1 and 2 too)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def lower_first(text: str) -> str:
    """Lower the first letter for running text, unless the word is an acronym."""
    t = " ".join(text.split())
    if len(t) > 1 and t[1].isupper():
        return t
    return t[:1].lower() + t[1:]


def plan_summary(title: str) -> str:
    """The trích yếu under "KẾ HOẠCH": the title without a leading "Kế hoạch"."""
    t = " ".join(title.split())
    m = re.match(r"kế hoạch\s+(.+)", t, re.IGNORECASE)
    if m and not m.group(1).lower().startswith(("số ", "nhập từ")):
        rest = m.group(1)
        return rest[:1].upper() + rest[1:]
    return t


def number_vi(text: str, value: float | None) -> str:
    """A figure as printed: typed digits with a decimal comma, other text as typed."""
    t = " ".join(text.split())
    if value is not None and (not t or re.fullmatch(r"[\d\s.,]+", t)):
        return format_number_vi(value)
    return t


def signature_for(
    profile: ProfileData | None,
    *,
    authority: list[str] | None = None,
    title: str = "",
    name: str = "",
) -> Signature:
    """The plan's own signer fields, else the profile's first signer, else TM./CHỦ TỊCH."""
    from app.printing import Signature

    lines = [x for x in (authority or []) if x.strip()]
    if lines or title.strip() or name.strip():
        return Signature(
            authority_lines=lines or [f"TM. {UBND}"],
            title=title or "CHỦ TỊCH",
            full_name=name,
        )
    if profile and profile.signers:
        sg = profile.signers[0]
        lines = [x for x in sg.authority_lines if x.strip()]
        if not lines:
            lines = [f"TM. {UBND}", "KT. CHỦ TỊCH"] if sg.authority_prefix == "KT." else []
            lines = lines or [f"{sg.authority_prefix} {UBND}".strip()]
        return Signature(authority_lines=lines, title=sg.title, full_name=sg.full_name)
    return Signature(authority_lines=[f"TM. {UBND}"], title="CHỦ TỊCH", full_name="")


_ROMAN = re.compile(r"^[IVXL]+\.\s")
_ITEM = re.compile(r"^\d+(?:\.\d+)*\.?\s")
_POINT = re.compile(r"^[a-zđ]\)\s")


def prose_blocks(text: str) -> list[Block]:
    """The officer's prose as body blocks: "I. …" sections, short "1. …" items, "- …" points."""
    from app.printing import BulletPoint, Heading

    out: list[Block] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        short = len(line) <= 120 and not line.endswith((".", ";", ":", ","))
        if line[0] in "-+•–":
            marker = "+" if line[0] == "+" else "-"
            out.append(BulletPoint(text=line.lstrip("-+•– "), marker=marker))
        elif _ROMAN.match(line) and len(line) <= 160:
            out.append(Heading(level=1, text=line))
        elif _ITEM.match(line) and short:
            out.append(Heading(level=2, text=line))
        elif _POINT.match(line) and short:
            out.append(Heading(level=3, text=line))
        else:
            out += _list_paragraph(line)
    return out


def _list_paragraph(line: str) -> list[Block]:
    """ "Tiếp tục …: a; b; c." → the lead-in and one dash point per item (3 items or more)."""
    from app.printing import BulletPoint, Paragraph

    lead, sep, rest = line.partition(": ")
    items: list[str] = []
    for piece in rest.rstrip(".").split("; ") if sep else []:
        piece = piece.strip()
        if items and not piece[:1].isupper() and not piece[:1].isdigit():
            items[-1] += "; " + piece  # a semicolon inside an item ("…; các phong trào …")
        elif piece:
            items.append(piece)
    if len(items) < 3 or len(lead) > 200:
        return [Paragraph(text=line)]
    points: list[Block] = [
        BulletPoint(text=x + (";" if k < len(items) - 1 else ".")) for k, x in enumerate(items)
    ]
    return [Paragraph(text=lead + ":"), *points]


def roman(n: int) -> str:
    vals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def with_group_rows(items: list[tuple[str | None, str, Row]]) -> list[Row]:
    """Insert a bold group row ("I", "PHÁT TRIỂN HẠ TẦNG") where the group changes."""
    from app.printing import Row

    rows: list[Row] = []
    current: str | None = None
    for label, title, row in items:
        if label and label != current:
            rows.append(Row(cells=[label, title], is_group=True))
        current = label or current
        rows.append(row)
    return rows


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF made by ReportLab (page objects are written uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def is_nhu_tren(text: str) -> bool:
    return fold(text).lstrip("- ").startswith("nhu tren")
