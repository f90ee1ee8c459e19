"""KH57 — kế hoạch và báo cáo chuyển đổi số cấp xã."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kh57")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

APP_NAME = "KH57"
APP_AUTHOR = "KH57"
