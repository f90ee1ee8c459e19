"""The parts of a document's first pages: header, title, Kính gửi, body, signature.

Header
    A borderless two-column table (left = rest of the text column, right
    100 mm, so "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" fits on one line). "Số:"
    and the place/date sit in a second row with top paddings chosen so that
    both baselines coincide although the sizes differ (13 pt and 14 pt):
    ReportLab puts a paragraph's first baseline one font size below its top.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from app.printing import layout as L
from app.printing.document import AdminDocument, Block, BulletPoint, Heading
from app.printing.formatting import dash_item, date_line, end_mark, number_line, punctuate_list
from app.printing.linebreak import two_line_break
from app.printing.styles import Rule, Styles, markup, norm, upper

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NOI_NHAN = "Nơi nhận:"
KINH_GUI = "Kính gửi:"


def _plain(s: Styles) -> list[tuple[Any, ...]]:
    """Borderless, unpadded table style; string cells in the document font (never Helvetica)."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), s.f.regular),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]


def _issuer_cell(doc: AdminDocument, s: Styles, width: float) -> list[Flowable]:
    cell: list[Flowable] = []
    if doc.parent_body and doc.parent_body.strip():
        cell.append(RLParagraph(markup(upper(doc.parent_body)), s.parent))
    lines = [upper(x) for x in doc.issuer_lines if x.strip()]
    cell += [RLParagraph(markup(x), s.issuer) for x in lines]
    widest = max((stringWidth(x, s.f.bold, L.ISSUER_SIZE) for x in lines), default=0.0)
    cell.append(Rule(min(widest, width) * 0.4))
    return cell


def _national_cell(s: Styles, width: float) -> list[Flowable]:
    style = s.national
    if stringWidth(NATIONAL_NAME, s.f.bold, L.NATIONAL_SIZE) > width:
        style = ParagraphStyle("national12", parent=s.national, fontSize=12, leading=13.8)
    return [
        RLParagraph(NATIONAL_NAME, style),
        RLParagraph(MOTTO, s.motto),
        Rule(stringWidth(MOTTO, s.f.bold, L.MOTTO_SIZE)),
    ]


def header(doc: AdminDocument, s: Styles) -> RLTable:
    """Issuer and national name, then "Số:" level with the place and date."""
    right_w = L.HEADER_RIGHT_COL * mm
    left_w = L.frame_width(False) * mm - right_w
    number = number_line(doc.number, doc.doc_type_code, doc.issuer_code)
    when = date_line(norm(doc.place), doc.issue_date, doc.draft_year)
    rows: list[list[Any]] = [
        [_issuer_cell(doc, s, left_w), _national_cell(s, right_w)],
        [
            RLParagraph(markup(number, keep_blanks=True), s.number),
            RLParagraph(markup(when, keep_blanks=True), s.date),
        ],
    ]
    t = RLTable(rows, colWidths=[left_w, right_w], hAlign="LEFT")
    pad = 7.0
    t.setStyle(
        [
            *_plain(s),
            ("TOPPADDING", (1, 1), (1, 1), pad),
            ("TOPPADDING", (0, 1), (0, 1), pad + (L.DATE_SIZE - L.NUMBER_SIZE)),
        ]
    )
    return t


def _lines(p: RLParagraph) -> list[Any]:
    """The lines of a wrapped paragraph (ReportLab internals, untyped)."""
    lines: list[Any] = getattr(p, "blPara").lines  # noqa: B009
    return lines


def _line_count(text: str, style: ParagraphStyle, width: float) -> int:
    p = RLParagraph(text, style)
    p.wrap(width, 10_000)
    return len(_lines(p))


def balanced(text: str, style: ParagraphStyle, avail: float) -> tuple[RLParagraph, float]:
    """A centred paragraph wrapped into lines of even length, and its widest line.

    A clerk breaks a two-line summary where it reads well rather than leaving one
    word on the second line; the narrowest width keeping the same number of lines
    gives that.
    """
    n = _line_count(text, style, avail)
    lo, hi = avail / 3 if n > 1 else avail, avail
    while n > 1 and hi - lo > 1:
        mid = (lo + hi) / 2
        if _line_count(text, style, mid) > n:
            lo = mid
        else:
            hi = mid
    indent = (avail - hi) / 2
    st = ParagraphStyle(f"{style.name}-bal", parent=style, leftIndent=indent, rightIndent=indent)
    p = RLParagraph(text, st)
    return p, widest_line(p, avail)


def widest_line(p: RLParagraph, avail: float) -> float:
    """Width of the longest line of *p* wrapped in *avail* points."""
    p.wrap(avail, 10_000)
    usable = avail - p.style.leftIndent - p.style.rightIndent
    extras = [
        ln[0] if isinstance(ln, tuple) else getattr(ln, "extraSpace", 0.0) for ln in _lines(p)
    ]
    return max((usable - float(e) for e in extras), default=0.0)


def title(doc: AdminDocument, s: Styles) -> list[Flowable]:
    """Type name, summary (broken where it reads well) and the short rule under it."""
    avail = L.frame_width(False) * mm
    out: list[Flowable] = [Spacer(1, 16), RLParagraph(markup(upper(doc.type_name)), s.type_name)]
    summary = unicodedata.normalize("NFC", doc.summary).strip()
    if not summary:
        return out
    if "\n" not in summary:
        lines = two_line_break(norm(summary), s.f.bold, L.TITLE_SIZE, avail)
        summary = "\n".join(lines) if lines else summary
    if "\n" in summary:
        p = RLParagraph(markup(summary, keep_breaks=True), s.summary)
        widest = widest_line(p, avail)
    else:
        p, widest = balanced(markup(summary), s.summary, avail)
    return [*out, p, Rule(widest / 3)]


def kinh_gui(doc: AdminDocument, s: Styles) -> list[Flowable]:
    """ "Kính gửi: …" on one centred line, or a list of "- …" lines beside the label."""
    items = punctuate_list(doc.kinh_gui)
    if not items:
        return []
    if len(items) == 1:
        return [Spacer(1, 10), RLParagraph(markup(f"{KINH_GUI} {items[0]}"), s.kinh_gui)]
    avail = L.frame_width(False) * mm
    label_w = stringWidth(KINH_GUI, s.f.regular, L.BODY_SIZE) + 4
    lines = [dash_item(i) for i in items]
    text_w = min(max(stringWidth(x, s.f.regular, L.BODY_SIZE) for x in lines) + 2, avail - label_w)
    rows = [
        [
            RLParagraph(KINH_GUI if k == 0 else "", s.kinh_gui_item),
            RLParagraph(markup(x), s.kinh_gui_item),
        ]
        for k, x in enumerate(lines)
    ]
    t = RLTable(rows, colWidths=[label_w, text_w], hAlign="CENTER")
    t.setStyle(_plain(s))
    return [Spacer(1, 10), t]


def legal_bases(doc: AdminDocument, s: Styles) -> list[Flowable]:
    """Legal bases in italics, one a line, ";" after each and "." after the last."""
    return [RLParagraph(markup(x), s.legal) for x in punctuate_list(doc.legal_bases)]


def _block(block: Block, s: Styles, text: str) -> RLParagraph:
    if isinstance(block, Heading):
        if block.level <= 1:
            return RLParagraph(markup(upper(text)), s.h1)
        return RLParagraph(markup(text), s.h2 if block.level == 2 else s.h3)
    if isinstance(block, BulletPoint):
        return RLParagraph(markup(text), s.body)
    style = s.body_bold if block.bold else s.body_italic if block.italic else s.body
    return RLParagraph(markup(text), style)


def body(doc: AdminDocument, s: Styles) -> list[RLParagraph]:
    """Body paragraphs; the last one closes with "./."."""
    blocks = [b for b in doc.body if b.text.strip()]
    texts = [
        dash_item(b.text, b.marker) if isinstance(b, BulletPoint) else norm(b.text) for b in blocks
    ]
    if blocks and not isinstance(blocks[-1], Heading):
        texts[-1] = end_mark(texts[-1])
    out = [_block(b, s, t) for b, t in zip(blocks, texts, strict=True)]
    if not blocks or isinstance(blocks[-1], Heading):
        out.append(RLParagraph("./.", s.body))
    return out


def signature(doc: AdminDocument, s: Styles) -> RLTable:
    """ "Nơi nhận" beside the signature block: one table row, which never splits."""
    left_w = L.SIGN_LEFT_COL * mm
    right_w = L.frame_width(False) * mm - left_w
    left: list[Flowable] = []
    recipients = punctuate_list(doc.recipients)
    if recipients:
        left.append(RLParagraph(NOI_NHAN, s.noi_nhan))
        left += [RLParagraph(markup(dash_item(r)), s.recipient) for r in recipients]
    sig = doc.signature
    right: list[Flowable] = [
        RLParagraph(markup(upper(x)), s.sign) for x in sig.authority_lines if x.strip()
    ]
    if sig.title.strip():
        right.append(RLParagraph(markup(upper(sig.title)), s.sign))
    right.append(Spacer(1, L.SIGN_BLANK_LINES * L.BODY_LEADING))
    if sig.full_name.strip():
        right.append(RLParagraph(markup(sig.full_name), s.sign))
    t = RLTable([[left or "", right]], colWidths=[left_w, right_w], hAlign="LEFT")
    # "Nơi nhận" (12 pt) level with the authority line (14 pt): same first baseline.
    t.setStyle([*_plain(s), ("TOPPADDING", (0, 0), (0, 0), L.SIGN_SIZE - L.NOI_NHAN_SIZE)])
    return t
