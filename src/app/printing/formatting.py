"""Number, date and list-punctuation rules of Nghị định 30/2020."""

from __future__ import annotations

from datetime import date

from app.printing.document import AdminDocument

#: Blank left for the number until the officer records the issued one (with the
#: space after "Số:" it makes the six blanks of "Số:      /KH-UBND").
NUMBER_BLANK = "     "
#: Blank left for the day and the month of a draft.
DATE_BLANK = "     "


def format_number(number: str | None) -> str:
    """The document number with a leading zero under 10 ("5" → "05"); blanks when None."""
    if number is None or not number.strip():
        return NUMBER_BLANK
    n = number.strip()
    if n.isdigit() and int(n) < 10:
        return f"{int(n):02d}"
    return n


def number_line(number: str | None, doc_type_code: str, issuer_code: str = "UBND") -> str:
    """``"Số: 05/KH-UBND"``, or ``"Số:      /KH-UBND"`` for a draft (number None)."""
    return f"Số: {format_number(number)}/{doc_type_code}-{issuer_code}"


def day_month(d: date) -> tuple[str, str]:
    """Day and month as printed: day under 10 and months 1, 2 with a leading zero."""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return day, month


def date_words(d: date | None, draft_year: int | None = None) -> str:
    """``"ngày 05 tháng 02 năm 2025"``; blanks for day and month when *d* is None."""
    if d is None:
        if draft_year is None:
            raise ValueError("draft_year is required when the date is not known")
        return f"ngày{DATE_BLANK}tháng{DATE_BLANK}năm {draft_year}"
    day, month = day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def date_line(place: str, d: date | None, draft_year: int | None = None) -> str:
    """``"Tam Chung, ngày 05 tháng 02 năm 2025"`` (``"ngày 29 tháng 6"``; draft blanks)."""
    return f"{place}, {date_words(d, draft_year)}"


def type_word(type_name: str) -> str:
    """ "KẾ HOẠCH" → "Kế hoạch" (for running text)."""
    t = " ".join(type_name.split()).lower()
    return t[:1].upper() + t[1:]


def attachment_line(doc: AdminDocument, issuer_phrase: str) -> str:
    """The appendix subtitle, e.g.

    ``"(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2025 của Ủy ban nhân dân
    xã Tam Chung)"``; draft blanks while the number and date are not recorded.
    """
    num = format_number(doc.number)
    when = date_words(doc.issue_date, doc.draft_year)
    return (
        f"(Kèm theo {type_word(doc.type_name)} số {num}/{doc.doc_type_code}-{doc.issuer_code}"
        f" {when} của {issuer_phrase})"
    )


def punctuate_list(items: list[str], sep: str = ";", last: str = ".") -> list[str]:
    """Items one per line: each ends with *sep*, the last with *last*.

    Trailing ``;``, ``.``, ``,`` and ``:`` typed by the officer are replaced; an
    ending such as "…)" or a closing quote is kept and the mark added after it.
    """
    cleaned = [" ".join(i.split()) for i in items]
    cleaned = [i for i in cleaned if i]
    out: list[str] = []
    for k, item in enumerate(cleaned):
        core = item.rstrip(";.,: ")
        out.append(core + (last if k == len(cleaned) - 1 else sep))
    return out


def dash_item(text: str, marker: str = "-") -> str:
    """``"- text"`` unless the text already starts with a dash or plus."""
    t = " ".join(text.split())
    if t[:1] in ("-", "+", "–", "•"):
        return t
    return f"{marker} {t}"


def end_mark(text: str) -> str:
    """Close the last paragraph of the body with "./."."""
    t = text.rstrip()
    if t.endswith("./."):
        return t
    if t.endswith("/."):
        return t[:-2].rstrip(". ") + "./."
    t = t.rstrip(";:, ")
    if t.endswith("."):
        return t + "/."
    return t + "./."
