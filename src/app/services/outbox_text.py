"""The Vietnamese subject and body of a report's e-mail."""

from __future__ import annotations

from app.bundle import PackedBundle
from app.db import Database
from app.services.reports import report_view


def compose_message(db: Database, report_id: int, packed: PackedBundle) -> tuple[str, str]:
    """(subject, body) naming the commune, the report and its period."""
    view = report_view(db, report_id)
    period = view.period.label_vi
    period_lower = period[0].lower() + period[1:]
    subject = f"Xã {view.commune} gửi báo cáo {period_lower}: {view.title}"
    if view.revision > 1:
        subject += f" (lần {view.revision})"
    kinh_gui = "; ".join(view.kinh_gui) or "Quý cơ quan"
    number = f" số {view.number}/BC-UBND" if view.number else ""
    body = "\n".join(
        [
            f"Kính gửi: {kinh_gui}.",
            "",
            f"Ủy ban nhân dân xã {view.commune}, tỉnh {view.province} gửi kèm Báo cáo{number} "
            f"“{view.title}” ({period_lower}, lần {view.revision}) theo Kế hoạch số "
            f"{view.plan_number}.",
            "",
            f"Tệp đính kèm {packed.filename} là gói báo cáo KH57 gồm bản PDF, bảng Excel và dữ "
            f"liệu báo cáo (mã gói {packed.bundle_id}). Nơi nhận mở chương trình KH57, vào "
            "Gửi báo cáo → Hộp thư đến → “Nhập gói báo cáo…” để kiểm tra và nhập gói.",
            "",
            "Trân trọng.",
            f"UBND xã {view.commune}",
            "",
        ]
    )
    return subject, body
