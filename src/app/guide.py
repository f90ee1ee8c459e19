"""The user guide (``docs/huong-dan-su-dung.md``) printed to PDF for the Help menu.

A small Markdown subset is enough for the guide: ``#``/``##``/``###``
headings, paragraphs, ``-`` and ``1.`` lists, ``>`` notes, images
``![chú thích](img/guide/x.png)`` and inline ``**đậm**``, ``*nghiêng*``,
```mã``` and ``[chữ](địa chỉ)``. The text uses the program's printing font
(Times New Roman on Windows, the bundled Liberation Serif elsewhere), so
Vietnamese prints correctly on any machine.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import ExportError
from app.paths import resource_dir

GUIDE_NAME = "huong-dan-su-dung.md"
TITLE = "Hướng dẫn sử dụng KH57"


def guide_path() -> Path:
    """The guide's Markdown: ``docs/`` beside ``resources/`` (bundle or source tree)."""
    return resource_dir().parent / "docs" / GUIDE_NAME


@dataclass(frozen=True)
class Block:
    kind: str  # title, h1, h2, para, bullet, number, note, image
    text: str
    mark: str = ""  # the number of a numbered item; the image path


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)\s*$")


def parse_markdown(text: str) -> list[Block]:
    """The guide's blocks, in order; continuation lines are joined to their block."""
    blocks: list[Block] = []
    current: list[str] = []
    kind, mark = "", ""

    def flush() -> None:
        nonlocal current, kind, mark
        if current:
            blocks.append(Block(kind, " ".join(s.strip() for s in current), mark))
        current, kind, mark = [], "", ""

    in_code = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.strip().startswith("```"):
            flush()
            in_code = not in_code
            continue
        if in_code:
            blocks.append(Block("code", line))
            continue
        if not line.strip() or line.strip() in ("---", "***"):
            flush()
            continue
        if m := _HEADING.match(line):
            flush()
            level = len(m.group(1))
            blocks.append(Block({1: "title", 2: "h1"}.get(level, "h2"), m.group(2)))
        elif m := _IMAGE.match(line.strip()):
            flush()
            blocks.append(Block("image", m.group(1), m.group(2)))
        elif m := _BULLET.match(line):
            flush()
            kind, current = "bullet", [m.group(1)]
        elif m := _NUMBER.match(line):
            flush()
            kind, mark, current = "number", m.group(1), [m.group(2)]
        elif line.lstrip().startswith(">"):
            if kind != "note":
                flush()
                kind = "note"
            current.append(line.lstrip()[1:])
        else:
            if not current:
                kind = "para"
            current.append(line)
    flush()
    return blocks


def inline_markup(text: str) -> str:
    """Markdown inline marks → ReportLab paragraph markup (text escaped first)."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1", out)
    out = re.sub(r"`([^`]+)`", r"<b>\1</b>", out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", out)
    return out


def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=font, fontSize=12, leading=16, alignment=TA_JUSTIFY)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=18, leading=23, alignment=TA_CENTER, spaceAfter=12
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontSize=15, leading=19, spaceBefore=14, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=13, leading=17, spaceBefore=8, spaceAfter=4
        ),
        "para": ParagraphStyle("para", parent=base, spaceAfter=6),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=18, bulletIndent=6, spaceAfter=3
        ),
        "note": ParagraphStyle(
            "note", parent=base, leftIndent=14, rightIndent=14, spaceAfter=6, spaceBefore=2
        ),
        "caption": ParagraphStyle(
            "caption", parent=base, fontSize=10.5, leading=13, alignment=TA_CENTER, spaceAfter=10
        ),
        "code": ParagraphStyle("code", parent=base, leftIndent=14, fontSize=11, leading=14),
    }


def _image(path: Path, width: float, caption: str, style: Any) -> list[Any]:
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, KeepTogether, Paragraph

    if not path.is_file():
        return []  # a screen not pictured yet: the text alone still guides
    iw, ih = ImageReader(str(path)).getSize()
    max_height = 13 * 72 / 2.54  # 13 cm: a screenshot and its caption never fill a page
    scale = min(width / iw, max_height / ih, 0.75)  # 0.75 pt per pixel is 96 dpi
    picture = Image(str(path), width=iw * scale, height=ih * scale)
    return [KeepTogether([picture, Paragraph(f"<i>{inline_markup(caption)}</i>", style)])]


def story(blocks: list[Block], base_dir: Path, font: str, width: float) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    st = _styles(font)
    out: list[Any] = []
    for b in blocks:
        text = inline_markup(b.text)
        if b.kind == "title":
            out.append(Paragraph(f"<b>{text}</b>", st["title"]))
        elif b.kind in ("h1", "h2"):
            out.append(Paragraph(f"<b>{text}</b>", st[b.kind]))
        elif b.kind == "bullet":
            out.append(Paragraph(text, st["bullet"], bulletText="•"))
        elif b.kind == "number":
            out.append(Paragraph(text, st["bullet"], bulletText=f"{b.mark}."))
        elif b.kind == "note":
            out.append(Paragraph(f"<i>{text}</i>", st["note"]))
        elif b.kind == "image":
            out.append(Spacer(1, 4))
            out += _image(base_dir / b.mark, width, b.text, st["caption"])
        elif b.kind == "code":
            out.append(Paragraph(text or "&nbsp;", st["code"]))
        else:
            out.append(Paragraph(text, st["para"]))
    return out


def guide_pdf_bytes(source: Path | None = None) -> bytes:
    """The guide as PDF bytes (A4, page numbers at the foot)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    from app.printing.fonts import register_fonts

    source = source or guide_path()
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExportError(
            f"Không tìm thấy tệp hướng dẫn sử dụng {source}; hãy cài đặt lại KH57."
        ) from exc
    faces = register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=TITLE,
        author="KH57",
    )

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(faces.regular, 10)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"{TITLE} — trang {canvas.getPageNumber()}")
        canvas.restoreState()

    flow = story(parse_markdown(text), source.parent, faces.regular, doc.width)
    doc.build(flow, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def render_guide_pdf(out: Path, *, source: Path | None = None) -> Path:
    """Write the guide to *out* as PDF and return *out*."""
    body = guide_pdf_bytes(source)
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_bytes(body)
        tmp.replace(out)
    except OSError as exc:
        raise ExportError(
            f"Không ghi được tệp hướng dẫn {out}; tệp có thể đang mở trong chương trình khác, "
            "hãy đóng tệp đó rồi thử lại."
        ) from exc
    return out
