"""Printing: Nghị định 30/2020 administrative documents as PDF, tables as Excel.

Independent of the database: services build an :class:`AdminDocument` and call
:func:`render_pdf`; :func:`write_tables_xlsx` writes the annex tables.
"""

from __future__ import annotations

from app.printing.document import (
    AdminDocument,
    Appendix,
    Block,
    BulletPoint,
    Column,
    HeaderCell,
    Heading,
    Paragraph,
    Row,
    Signature,
    Table,
)
from app.printing.fonts import missing_glyphs, resource_path
from app.printing.formatting import attachment_line, date_line, date_words, number_line
from app.printing.render import render_pdf, render_pdf_bytes
from app.printing.xlsx_export import write_tables_xlsx

__all__ = [
    "AdminDocument",
    "Appendix",
    "Block",
    "BulletPoint",
    "Column",
    "HeaderCell",
    "Heading",
    "Paragraph",
    "Row",
    "Signature",
    "Table",
    "attachment_line",
    "date_line",
    "date_words",
    "missing_glyphs",
    "number_line",
    "render_pdf",
    "render_pdf_bytes",
    "resource_path",
    "write_tables_xlsx",
]
