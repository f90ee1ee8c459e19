"""The words and shapes the large-database generator draws from."""

from __future__ import annotations

import random
from datetime import date

_WORDS = (
    "Triển khai",
    "Xây dựng",
    "Nâng cấp",
    "Số hóa",
    "Tuyên truyền",
    "Đào tạo",
    "Rà soát",
    "Kiểm tra",
    "Tổ chức",
    "Hoàn thiện",
)
_OBJECTS = (
    "hồ sơ hành chính",
    "dịch vụ công trực tuyến",
    "văn hóa số cộng đồng",
    "hạ tầng mạng internet",
    "kho dữ liệu dân cư",
    "thiết chế văn hóa thôn",
    "nền tảng học tập",
    "chữ ký số cán bộ",
    "camera an ninh",
    "thanh toán không dùng tiền mặt",
    "sổ tay chuyển đổi số",
    "di tích văn hóa lịch sử",
)
_PLACES = ("tại bộ phận một cửa", "cho các thôn", "trên địa bàn xã", "trong trường học", "")
_UNITS = (
    "Văn phòng HĐND và UBND",
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế",
    "Trung tâm Phục vụ hành chính công",
    "Công an xã",
    "Trạm Y tế",
    "Đoàn Thanh niên",
    "Hội Liên hiệp Phụ nữ",
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Nam",
    "Thôn Bắc",
)
_DEADLINES = (
    ("Quý II/năm {y}", "once"),
    ("Tháng 9/{y}", "once"),
    ("Năm {y}", "once"),
    ("Thường xuyên", "continuous"),
    ("Hằng năm", "yearly"),
    ("Hằng quý", "quarterly"),
)
_STATUSES = ("not_started", "in_progress", "in_progress", "done", "paused")


def _plan_sizes(plans: int, tasks: int, rng: random.Random) -> list[int]:
    """Skewed sizes: the first plan holds a tenth of all tasks, the rest share the others."""
    if plans == 1:
        return [tasks]
    big = max(1, tasks // 10)
    rest = tasks - big
    weights = [rng.uniform(0.3, 1.7) for _ in range(plans - 1)]
    total = sum(weights)
    sizes = [max(1, int(rest * w / total)) for w in weights]
    sizes[-1] += rest - sum(sizes)
    return [big, *sizes]


def _task_name(rng: random.Random) -> str:
    place = rng.choice(_PLACES)
    return f"{rng.choice(_WORDS)} {rng.choice(_OBJECTS)} {place}".strip()


def _due(kind: str, text: str, year: int) -> tuple[str | None, str | None]:
    if kind != "once":
        return None, None
    if text.startswith("Quý II"):
        return date(year, 4, 1).isoformat(), date(year, 6, 30).isoformat()
    if text.startswith("Tháng 9"):
        return date(year, 9, 1).isoformat(), date(year, 9, 30).isoformat()
    return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
