"""Page geometry and type sizes of printed documents (PRINTING.md), in one place.

All lengths in millimetres unless the name says ``_pt``.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from app.printing.document import Table


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


#: A4 in points, portrait and landscape.
PORTRAIT: tuple[float, float] = (float(A4[0]), float(A4[1]))
LANDSCAPE: tuple[float, float] = (float(landscape(A4)[0]), float(landscape(A4)[1]))

#: Default margins of the body (top 20, bottom 20, left 30, right 15).
BODY_MARGINS = Margins(top=20, bottom=20, left=30, right=15)
#: The decree's own landscape pages: left 30, right 15, top 20, bottom 15.
ANNEX_MARGINS = Margins(top=20, bottom=15, left=30, right=15)

#: Page number: 13 pt, centred over the text column, baseline 13 mm from the top edge
#: (inside the 20 mm top margin).
PAGE_NUMBER_SIZE = 13.0
PAGE_NUMBER_BASELINE_FROM_TOP = 13.0

#: Header table: right column fits the national name on one line.
HEADER_RIGHT_COL = 100.0

# Type sizes (pt).
ISSUER_SIZE = 13.0
NATIONAL_SIZE = 13.0
MOTTO_SIZE = 14.0
NUMBER_SIZE = 13.0
DATE_SIZE = 14.0
TITLE_SIZE = 14.0
BODY_SIZE = 14.0
BODY_LEADING = 17.0  # ≈ 1.2 lines
PARA_SPACE_AFTER = 6.0
FIRST_LINE_INDENT = 10.0  # 1 cm
NOI_NHAN_SIZE = 12.0
RECIPIENT_SIZE = 11.0
SIGN_SIZE = 14.0
SIGN_BLANK_LINES = 4
SIGN_LEFT_COL = 75.0
ANNEX_LABEL_SIZE = 14.0
ANNEX_TITLE_SIZE = 14.0
ANNEX_SUBTITLE_SIZE = 13.0
RULE_WIDTH_PT = 0.6


def frame_width(landscape_page: bool) -> float:
    """Width of the text column in mm."""
    if landscape_page:
        return LANDSCAPE[0] / mm - ANNEX_MARGINS.left - ANNEX_MARGINS.right
    return PORTRAIT[0] / mm - BODY_MARGINS.left - BODY_MARGINS.right


def column_widths_mm(table: Table, available_mm: float) -> list[float]:
    """Column widths: fixed ``width_mm`` first, the rest shared by ``weight``.

    When the fixed widths alone exceed the space, every column is scaled down so
    the table never runs into the margin.
    """
    fixed = sum(c.width_mm for c in table.columns if c.width_mm is not None)
    weights = sum(max(c.weight, 0.0) for c in table.columns if c.width_mm is None)
    rest = max(available_mm - fixed, 0.0)
    widths: list[float] = []
    for c in table.columns:
        if c.width_mm is not None:
            widths.append(c.width_mm)
        elif weights > 0:
            widths.append(rest * max(c.weight, 0.0) / weights)
        else:
            widths.append(0.0)
    total = sum(widths)
    if total > available_mm:
        widths = [w * available_mm / total for w in widths]
    return widths
