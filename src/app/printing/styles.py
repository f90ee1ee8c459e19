"""Paragraph styles, text escaping and the drawn rule used by the renderer."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.printing import layout as L
from app.printing.fonts import FontFaces

_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_RUN = re.compile(r" {2,}")


def norm(text: str) -> str:
    """NFC with runs of whitespace collapsed (what goes on the page)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def markup(text: str, *, keep_blanks: bool = False, keep_breaks: bool = False) -> str:
    """Escape plain text for a ReportLab paragraph.

    *keep_blanks*: runs of spaces (the draft blanks of number and date) become
    no-break spaces so that they keep their width. *keep_breaks*: line breaks
    typed by the officer are kept.
    """
    t = unicodedata.normalize("NFC", text).strip()
    if keep_breaks:
        return "<br/>".join(escape(norm(line)) for line in t.splitlines() if line.strip())
    if not keep_blanks:
        return escape(norm(t))
    return escape(_BLANK_RUN.sub(lambda m: "\u00a0" * len(m.group()), t))


def upper(text: str) -> str:
    """Upper case of NFC text with whitespace collapsed."""
    return norm(text).upper()


class Rule(Flowable):
    """A solid horizontal rule of a given width, centred in the column (never underscores)."""

    def __init__(self, width_pt: float, *, gap_above: float = 4.0, gap_below: float = 0.0) -> None:
        super().__init__()
        self.rule_width = width_pt
        self.gap_above = gap_above
        self.gap_below = gap_below
        self._avail = width_pt

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        return availWidth, self.gap_above + L.RULE_WIDTH_PT + self.gap_below

    def draw(self) -> None:
        c = self.canv
        w = min(self.rule_width, self._avail)
        x0 = (self._avail - w) / 2
        y = self.gap_below + L.RULE_WIDTH_PT / 2
        c.saveState()
        c.setStrokeColor(colors.black)
        c.setLineWidth(L.RULE_WIDTH_PT)
        c.line(x0, y, x0 + w, y)
        c.restoreState()


def _lead(size: float, factor: float = 1.15) -> float:
    return round(size * factor, 1)


class Styles:
    """Paragraph styles of one render (font names depend on the platform)."""

    def __init__(self, f: FontFaces) -> None:
        self.f = f
        ps = self._make
        self.parent = ps("parent", size=L.ISSUER_SIZE, alignment=TA_CENTER)
        self.issuer = ps("issuer", font=f.bold, size=L.ISSUER_SIZE, alignment=TA_CENTER)
        self.national = ps("national", font=f.bold, size=L.NATIONAL_SIZE, alignment=TA_CENTER)
        self.motto = ps("motto", font=f.bold, size=L.MOTTO_SIZE, alignment=TA_CENTER)
        self.number = ps("number", size=L.NUMBER_SIZE, alignment=TA_CENTER)
        self.date = ps("date", font=f.italic, size=L.DATE_SIZE, alignment=TA_CENTER)
        self.type_name = ps(
            "type_name", font=f.bold, size=L.TITLE_SIZE, factor=1.2, alignment=TA_CENTER
        )
        self.summary = ps(
            "summary", font=f.bold, size=L.TITLE_SIZE, factor=1.2, alignment=TA_CENTER
        )
        self.kinh_gui = ps("kinh_gui", alignment=TA_CENTER)
        self.kinh_gui_item = ps("kinh_gui_item", alignment=TA_LEFT)
        body: dict[str, Any] = {
            "alignment": TA_JUSTIFY,
            "firstLineIndent": L.FIRST_LINE_INDENT * mm,
            "spaceAfter": L.PARA_SPACE_AFTER,
        }
        self.legal = ps("legal", font=f.italic, **body)
        self.body = ps("body", **body)
        self.body_italic = ps("body_italic", font=f.italic, **body)
        self.body_bold = ps("body_bold", font=f.bold, **body)
        self.h1 = ps("h1", font=f.bold, keepWithNext=1, **body)
        self.h2 = ps("h2", font=f.bold, keepWithNext=1, **body)
        self.h3 = ps("h3", keepWithNext=1, **body)
        self.noi_nhan = ps("noi_nhan", font=f.bold_italic, size=L.NOI_NHAN_SIZE)
        self.recipient = ps("recipient", size=L.RECIPIENT_SIZE, factor=1.1)
        self.sign = ps("sign", font=f.bold, size=L.SIGN_SIZE, factor=1.2, alignment=TA_CENTER)
        self.annex_label = ps(
            "annex_label", font=f.bold, size=L.ANNEX_LABEL_SIZE, factor=1.2, alignment=TA_CENTER
        )
        self.annex_title = ps(
            "annex_title", font=f.bold, size=L.ANNEX_TITLE_SIZE, factor=1.2, alignment=TA_CENTER
        )
        self.annex_subtitle = ps(
            "annex_subtitle",
            font=f.italic,
            size=L.ANNEX_SUBTITLE_SIZE,
            factor=1.2,
            alignment=TA_CENTER,
        )
        self.annex_note = ps("annex_note", font=f.italic, size=12, alignment=TA_LEFT, spaceBefore=6)

    def _make(
        self,
        name: str,
        *,
        font: str | None = None,
        size: float = L.BODY_SIZE,
        factor: float | None = None,
        **kw: Any,
    ) -> ParagraphStyle:
        leading = (
            L.BODY_LEADING
            if size == L.BODY_SIZE and factor is None
            else _lead(size, factor or 1.15)
        )
        return ParagraphStyle(
            name,
            fontName=font or self.f.regular,
            fontSize=size,
            leading=leading,
            textColor=colors.black,
            splitLongWords=1,
            **kw,
        )

    def cell(self, size: float, align: str, *, bold: bool = False) -> ParagraphStyle:
        """Style of a table cell."""
        alignment = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}.get(align, TA_LEFT)
        return self._make(
            f"cell-{size}-{align}-{bold}",
            font=self.f.bold if bold else self.f.regular,
            size=size,
            alignment=alignment,
        )
