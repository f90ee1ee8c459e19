"""Kính gửi of the commune report: the lines the officer wrote, else the province department.

The printed report and the Báo cáo screen both take the lines from here, so
what the officer sees in the editor is what is printed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.vntext import fold

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.services.reports.view import ReportView


def default_kinh_gui(province: str) -> list[str]:
    """Whom a report goes to when the officer names nobody: the province department."""
    province = " ".join(province.split())
    if province:
        return [f"Sở Khoa học và Công nghệ tỉnh {province}"]
    return ["Sở Khoa học và Công nghệ"]


def kinh_gui_lines(kinh_gui: Sequence[str], province: str) -> list[str]:
    """The Kính gửi lines printed for *kinh_gui*: "Như trên" and "Lưu: …" belong to Nơi
    nhận and are left out; with nothing left, the province department."""
    from app.services.documents.common import is_nhu_tren  # the package imports this module

    lines = [" ".join(k.split()) for k in kinh_gui]
    kept = [k for k in lines if k and not is_nhu_tren(k) and not fold(k).startswith("luu")]
    return kept or default_kinh_gui(province)


def printed_kinh_gui(view: ReportView) -> list[str]:
    """The Kính gửi lines the printed report shows for *view*."""
    return kinh_gui_lines(view.kinh_gui, view.province)
