"""The bundle's names, limits and refusal reasons, and the values packing and verifying return."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.errors import BundleError

FORMAT = "kh57-bundle"
FORMAT_VERSION = 1
DATA_FORMAT = "kh57-report-data"
DATA_VERSION = 1
FILE_SUFFIX = ".kh57"

MANIFEST = "manifest.json"
DATA = "data.json"
PDF = "report.pdf"
XLSX = "report.xlsx"
MEMBERS: tuple[str, ...] = (MANIFEST, DATA, PDF, XLSX)

MiB = 1024 * 1024
MAX_FILE_BYTES = 200 * MiB  #: the .kh57 file itself
MAX_TOTAL_BYTES = 200 * MiB  #: sum of the uncompressed members
MEMBER_LIMITS: Mapping[str, int] = {
    MANIFEST: 1 * MiB,
    DATA: 50 * MiB,
    PDF: 150 * MiB,
    XLSX: 150 * MiB,
}
MAX_RATIO = 100  #: uncompressed / compressed, checked for members over RATIO_FLOOR
RATIO_FLOOR = 1 * MiB

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BUNDLE_NAMESPACE = uuid.UUID("6f0c7c2e-57a1-5b57-9d57-4b4835372d31")
_SCHEMA_FILES = {"data": "report-data.v1.json", "manifest": "bundle-manifest.v1.json"}

_RESEND = "hãy đề nghị nơi gửi xuất lại gói từ chương trình KH57 rồi gửi lại"
_SEND_AGAIN = "hãy đề nghị nơi gửi gửi lại gói"
#: Every reason a bundle can be refused for: code → one Vietnamese sentence.
REASONS: Mapping[str, str] = {
    "unreadable": "Không đọc được tệp {name} ({detail}), hãy kiểm tra tệp còn trên máy hoặc USB rồi thử lại.",
    "too_large": f"Gói báo cáo lớn quá mức cho phép nên bị từ chối, {_RESEND}.",
    "not_zip": f"Tệp này không phải là gói báo cáo KH57 (không mở được dạng nén zip), {_RESEND}.",
    "unsafe_name": "Gói báo cáo chứa tệp có tên hoặc đường dẫn không an toàn ({name}) nên bị từ chối, "
    + _RESEND
    + ".",
    "directory": f"Gói báo cáo chứa thư mục ({{name}}) trong khi chỉ được có bốn tệp, {_RESEND}.",
    "duplicate": f"Gói báo cáo chứa hai tệp trùng tên ({{name}}) nên bị từ chối, {_RESEND}.",
    "extra": f"Gói báo cáo có tệp không được phép ({{name}}), {_RESEND}.",
    "missing": f"Gói báo cáo thiếu tệp {{name}}, {_RESEND}.",
    "encrypted": f"Tệp {{name}} trong gói báo cáo bị đặt mật khẩu nên không kiểm tra được, {_RESEND}.",
    "compression": f"Tệp {{name}} trong gói báo cáo dùng kiểu nén không được hỗ trợ, {_RESEND}.",
    "member_too_large": "Tệp {name} trong gói báo cáo lớn quá mức cho phép khi giải nén nên gói bị "
    "từ chối để bảo vệ máy, " + _RESEND + ".",
    "total_too_large": "Tổng dung lượng giải nén của gói báo cáo vượt mức cho phép nên gói bị từ chối "
    "để bảo vệ máy, " + _RESEND + ".",
    "ratio": "Tệp {name} trong gói báo cáo có tỉ lệ nén bất thường (nghi là bom nén) nên gói bị từ "
    "chối, " + _RESEND + ".",
    "damaged": "Gói báo cáo bị hỏng (tệp {name} không giải nén được hoặc sai mã kiểm tra), hãy chép "
    "lại tệp hoặc đề nghị nơi gửi gửi lại gói.",
    "format_unknown": f"Tệp này không phải là gói báo cáo KH57 (kê khai không đúng định dạng), {_RESEND}.",
    "format_version": "Gói báo cáo dùng định dạng phiên bản {name} mà chương trình này chưa đọc được, "
    "hãy cập nhật KH57 lên phiên bản mới nhất rồi mở lại gói.",
    "manifest_invalid": "Tệp kê khai manifest.json của gói báo cáo không hợp lệ ({detail}), "
    + _RESEND
    + ".",
    "size_mismatch": "Tệp {name} trong gói báo cáo có dung lượng không khớp kê khai (gói đã bị sửa "
    "hoặc hỏng), " + _SEND_AGAIN + ".",
    "hash_mismatch": "Tệp {name} trong gói báo cáo không khớp mã SHA-256 đã kê khai (gói đã bị sửa "
    "hoặc hỏng), " + _SEND_AGAIN + ".",
    "pdf_invalid": f"Tệp report.pdf trong gói không phải là tệp PDF, {_RESEND}.",
    "xlsx_invalid": f"Tệp report.xlsx trong gói không phải là tệp Excel, {_RESEND}.",
    "data_invalid": "Dữ liệu báo cáo data.json trong gói không đúng mẫu ({detail}), hãy đề nghị nơi "
    "gửi cập nhật KH57 rồi xuất lại gói.",
    "data_mismatch": "Kê khai của gói báo cáo không khớp dữ liệu bên trong (mục {detail}), gói có "
    "thể đã bị giả mạo; " + _SEND_AGAIN + ".",
}


class BundleRejected(BundleError):
    """A bundle failed verification; ``code`` names the reason (e.g. ``hash_mismatch``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _reject(code: str, *, name: str = "", detail: str = "") -> BundleRejected:
    return BundleRejected(code, REASONS[code].format(name=name, detail=detail))


@dataclass(frozen=True)
class PackedBundle:
    bundle_id: str
    filename: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class VerifiedBundle:
    manifest: dict[str, Any]
    data: dict[str, Any]
    pdf: bytes
    xlsx: bytes
    sha256: str  #: of the whole .kh57 file; import is idempotent on (bundle_id, sha256)

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["bundle_id"])
