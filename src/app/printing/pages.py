"""Page templates: portrait body pages and landscape appendix pages, numbered by section.

The body is A4 portrait (margins T20 B20 L30 R15 mm); its page numbers are
centred in the top margin from page 2, page 1 shows none.

Each appendix starts on a new A4 landscape page (margins T20 B15 L30 R15 mm,
as the decree's own landscape pages) and is numbered on its own: its pages
count from 1 and, like page 1 of the document, its first page shows no number
(so an appendix of one page carries no number; its second page shows "2").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from app.printing import layout as L
from app.printing.fonts import FontFaces

#: Page template ids: use with ``NextPageTemplate`` before a ``PageBreak``.
FIRST, BODY, ANNEX_FIRST, ANNEX = "first", "body", "annex_first", "annex"

_OnPage = Callable[[Canvas, BaseDocTemplate], None]


def _frame(page: tuple[float, float], m: L.Margins, fid: str) -> Frame:
    """A frame exactly the text area (no inner padding)."""
    return Frame(
        m.left * mm,
        m.bottom * mm,
        page[0] - (m.left + m.right) * mm,
        page[1] - (m.top + m.bottom) * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=fid,
    )


class DocTemplate(BaseDocTemplate):
    """Four page templates; ``section_start`` is the first page of the current section."""

    def __init__(self, target: BinaryIO, *, faces: FontFaces, **kw: Any) -> None:
        kw.setdefault("invariant", 1)  # the same document always gives the same bytes
        super().__init__(target, pagesize=L.PORTRAIT, **kw)
        self.faces = faces
        self.section_start = 1
        body, annex = L.BODY_MARGINS, L.ANNEX_MARGINS
        self.addPageTemplates(
            [
                self._template(FIRST, L.PORTRAIT, body, self._start_section, BODY),
                self._template(BODY, L.PORTRAIT, body, self._numberer(body, L.PORTRAIT), None),
                self._template(ANNEX_FIRST, L.LANDSCAPE, annex, self._start_section, ANNEX),
                self._template(ANNEX, L.LANDSCAPE, annex, self._numberer(annex, L.LANDSCAPE), None),
            ]
        )

    @staticmethod
    def _template(
        tid: str, page: tuple[float, float], m: L.Margins, on_page: _OnPage, after: str | None
    ) -> PageTemplate:
        return PageTemplate(
            id=tid,
            frames=[_frame(page, m, tid)],
            pagesize=page,
            onPage=on_page,
            autoNextPageTemplate=after,
        )

    def _start_section(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self.section_start = canv.getPageNumber()

    def _numberer(self, m: L.Margins, page: tuple[float, float]) -> _OnPage:
        def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
            n = canv.getPageNumber() - self.section_start + 1
            width, height = page
            x = m.left * mm + (width - (m.left + m.right) * mm) / 2
            y = height - L.PAGE_NUMBER_BASELINE_FROM_TOP * mm
            canv.saveState()
            canv.setFont(self.faces.regular, L.PAGE_NUMBER_SIZE)
            canv.setFillColor(colors.black)
            canv.drawCentredString(x, y, str(n))
            canv.restoreState()

        return draw
