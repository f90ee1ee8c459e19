"""Render an :class:`AdminDocument` to PDF in the Nghị định 30/2020 layout (ReportLab).

Layout decisions are documented where they are made: page templates and page
numbering in :mod:`app.printing.pages`, the header and signature in
:mod:`app.printing.parts`, appendix tables in :mod:`app.printing.annex`,
measurements in :mod:`app.printing.layout`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer
from reportlab.platypus.doctemplate import LayoutError

from app.errors import ExportError
from app.printing import parts
from app.printing.annex import appendix
from app.printing.document import AdminDocument, BulletPoint
from app.printing.fonts import missing_glyphs, register_fonts
from app.printing.formatting import date_line, number_line
from app.printing.layout import BODY_SIZE as L_BODY_SIZE
from app.printing.pages import DocTemplate
from app.printing.styles import Styles, norm, upper
from app.safe_write import write_atomically


def story(doc: AdminDocument, s: Styles) -> list[Flowable]:
    """The flowables of the whole document."""
    out: list[Flowable] = [parts.header(doc, s), *parts.title(doc, s), *parts.kinh_gui(doc, s)]
    out.append(Spacer(1, 12))
    out += parts.legal_bases(doc, s)
    body: list[Flowable] = list(parts.body(doc, s))
    # The signature row never splits and never starts a page on its own: it is
    # kept with the closing "./." paragraph and the headings just above it.
    tail: list[Flowable] = [body.pop()]
    while body and _keeps_with_next(body[-1]):
        tail.insert(0, body.pop())
    out += body
    out.append(KeepTogether([*tail, Spacer(1, 6), parts.signature(doc, s)]))
    for app in doc.appendices:
        out += appendix(app, s)
    return out


def _keeps_with_next(f: Flowable) -> bool:
    return bool(f.getKeepWithNext())  # type: ignore[no-untyped-call]


def document_texts(doc: AdminDocument) -> Iterator[str]:
    """Every string that reaches the page (for the glyph check)."""
    yield from (parts.NATIONAL_NAME, parts.MOTTO, parts.NOI_NHAN, parts.KINH_GUI, "./.-0123456789")
    yield number_line(doc.number, doc.doc_type_code, doc.issuer_code)
    yield date_line(doc.place, doc.issue_date, doc.draft_year)
    yield upper(doc.parent_body or "")
    yield from (upper(x) for x in doc.issuer_lines)
    yield from (upper(doc.type_name), doc.summary, *doc.kinh_gui, *doc.legal_bases)
    for b in doc.body:
        yield from (b.text, upper(b.text), b.marker if isinstance(b, BulletPoint) else "")
    yield from (upper(x) for x in doc.signature.authority_lines)
    yield from (upper(doc.signature.title), doc.signature.full_name, *doc.recipients)
    for app in doc.appendices:
        yield from (app.label, upper(app.title), app.subtitle, app.note)
        yield from app.table.texts()
        yield from (upper(x) for x in app.table.texts())


def check_glyphs(doc: AdminDocument) -> None:
    """Raise ExportError when a character of the document is not in the font."""
    missing = missing_glyphs(document_texts(doc))
    if missing:
        shown = ", ".join(f"«{c}» (U+{ord(c):04X})" for c in sorted(missing))
        raise ExportError(
            f"Phông chữ in không có ký tự {shown}; hãy thay ký tự đó trong nội dung văn bản rồi in lại."
        )


def render_pdf_bytes(doc: AdminDocument) -> bytes:
    """The PDF of *doc* as bytes (fonts embedded as subsets)."""
    faces = register_fonts()
    check_glyphs(doc)
    buf = io.BytesIO()
    template = DocTemplate(
        buf,
        faces=faces,
        title=norm(doc.title or f"{doc.type_name} {doc.summary}"),
        author=norm(" ".join(doc.issuer_lines)),
        subject=norm(doc.summary),
        creator="KH57",
        initialFontName=faces.regular,  # no unembedded Helvetica in the resources
        initialFontSize=L_BODY_SIZE,
        lang="vi-VN",
    )
    try:
        template.build(story(doc, Styles(faces)))
    except LayoutError as exc:
        raise ExportError(
            "Có một ô bảng hoặc đoạn văn dài hơn một trang giấy; hãy rút gọn nội dung đó rồi in lại."
        ) from exc
    return buf.getvalue()


def render_pdf(doc: AdminDocument, out: Path | BinaryIO) -> None:
    """Render *doc* to a PDF file (replaced atomically) or to a binary stream."""
    data = render_pdf_bytes(doc)
    if isinstance(out, Path):
        write_atomically(out, data)
        return
    try:
        out.write(data)
    except OSError as exc:
        raise ExportError("Không ghi được tệp PDF; hãy kiểm tra ổ đĩa rồi thử lại.") from exc
