"""Where to break a two-line centred title, as a careful clerk would.

Greedy wrapping leaves "xã Tam / Chung" or "sáng / tạo" split across lines.
For a summary of two lines every break point is scored: lines of even length
are preferred, a break after a comma or semicolon or before a phrase such as
"xã …", "năm …", "giai đoạn …" reads well, and a break inside a date ("tháng /
9") or before a number reads badly.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

#: Words that start a phrase a line may begin with (lower case).
PHRASE_STARTS = (
    "xã",
    "phường",
    "thị",
    "huyện",
    "tỉnh",
    "năm",
    "giai",
    "tháng",
    "quý",
    "trên",
    "đến",
    "của",
    "về",
    "tại",
    "theo",
    "thực",
)
#: Words a line should not end with (they belong to what follows).
NO_BREAK_AFTER = ("tháng", "năm", "ngày", "số", "quý", "và", "của", "về", "các", "những")


def _score(first: list[str], second: list[str], widths: tuple[float, float], avail: float) -> float:
    score = (abs(widths[0] - widths[1]) / avail) ** 2
    if first[-1].endswith((",", ";", ":")):
        score -= 0.25
    if second[0].lower() in PHRASE_STARTS:
        score -= 0.15
    if first[-1].lower() in NO_BREAK_AFTER or second[0][:1].isdigit():
        score += 0.4
    return score


def two_line_break(text: str, font: str, size: float, avail: float) -> list[str] | None:
    """The best two lines for *text*, or None when it needs more (or fewer) lines."""
    words = text.split()
    if stringWidth(" ".join(words), font, size) <= avail:
        return None
    best: tuple[float, list[str]] | None = None
    for i in range(1, len(words)):
        first, second = words[:i], words[i:]
        w1 = stringWidth(" ".join(first), font, size)
        w2 = stringWidth(" ".join(second), font, size)
        if w1 > avail or w2 > avail:
            continue
        score = _score(first, second, (w1, w2), avail)
        if best is None or score < best[0]:
            best = (score, [" ".join(first), " ".join(second)])
    return best[1] if best else None
