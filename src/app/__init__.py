"""KH57 — kế hoạch và báo cáo chuyển đổi số cấp xã."""

from __future__ import annotations

APP_NAME = "KH57"
APP_AUTHOR = "KH57"


def version() -> str:
    """The installed version from the package metadata (read on demand: it is slow)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("kh57")
    except PackageNotFoundError:  # running from a source tree without install
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(name)
