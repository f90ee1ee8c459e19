"""Checks that depend on the machine: where the database may live, path lengths, fonts.

* :func:`check_database_location` refuses a database on a removable drive (USB
  stick, memory card) or a network drive: SQLite's locking and write-ahead log
  are not safe there, and a stick pulled out while writing loses data. Windows
  asks ``GetDriveTypeW`` and treats UNC paths (``\\\\server\\share``) as network;
  Linux treats ``/media``, ``/run/media`` and ``/mnt`` as removable and looks up
  the file system of the mount holding the path in ``/proc/mounts`` (NFS, CIFS,
  SSHFS … are network; FAT/exFAT/NTFS on a removable disk is removable).
* :func:`check_path_length` keeps every path the program makes under Windows'
  ``MAX_PATH`` (260 characters including the terminating NUL), and
  :func:`fit_filename` shortens a file name so that it fits.
* :func:`windows_font_dir` finds the Windows fonts folder (Times New Roman).

Every OS query is a parameter with a default, so the tests simulate Windows
drives, mounts and known folders on any machine.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import re
import sys
from collections.abc import Callable
from pathlib import Path

from app.errors import AppError, StorageError

# GetDriveTypeW results (winbase.h).
DRIVE_UNKNOWN = 0
DRIVE_NO_ROOT_DIR = 1
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3
DRIVE_REMOTE = 4
DRIVE_CDROM = 5
DRIVE_RAMDISK = 6

#: Windows MAX_PATH counts the terminating NUL: a path has at most 259 characters.
WINDOWS_MAX_PATH = 260
MAX_PATH_CHARS = WINDOWS_MAX_PATH - 1

#: Longest file the program puts beside the database (backups/…-N-reason.sqlite3.tmp).
COMPANION_MARGIN = len("backups") + 1 + len("kh57-20991231-235959-999-restore.sqlite3.tmp")

REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/")
NETWORK_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "9p",
        "davfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.glusterfs",
        "fuse.cephfs",
    }
)
#: File systems of USB sticks and memory cards: refused when the disk is removable.
STICK_FS = frozenset({"vfat", "msdos", "exfat", "ntfs", "ntfs3", "fuseblk", "udf", "iso9660"})

DriveTypeLookup = Callable[[str], int]
"""Drive root such as ``E:\\`` → a ``DRIVE_*`` value."""
MountsReader = Callable[[], str]
"""The text of ``/proc/mounts``."""
RemovableLookup = Callable[[str], bool]
"""Block device such as ``/dev/sdb1`` → True when its disk is removable."""
KnownFolderLookup = Callable[[], str | None]

_KEEP_LOCAL = (
    "hãy để dữ liệu ở thư mục mặc định trên ổ đĩa của máy này (chạy chương trình không kèm "
    "tùy chọn --db) và chỉ dùng USB hoặc thư mục dùng chung để chép gói báo cáo và bản sao lưu"
)


def removable_message(path: str) -> str:
    return (
        f"Không thể đặt tệp dữ liệu {path} trên USB, thẻ nhớ hoặc ổ đĩa rời vì rút ổ ra khi "
        f"chương trình đang ghi sẽ làm hỏng hoặc mất dữ liệu; {_KEEP_LOCAL}."
    )


def network_message(path: str) -> str:
    return (
        f"Không thể đặt tệp dữ liệu {path} trên ổ mạng hoặc thư mục dùng chung qua mạng vì "
        f"khi mạng chập chờn dữ liệu có thể bị hỏng; {_KEEP_LOCAL}."
    )


# --------------------------------------------------------------------------- Windows


def _win_get_drive_type(root: str) -> int:
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:  # not Windows
        return DRIVE_UNKNOWN
    return int(windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def _win_split(path: str) -> tuple[str, bool]:
    r"""The drive root of *path* (``C:\``) and whether it is a UNC (network) path."""
    text = path.replace("/", "\\")
    if text.startswith("\\\\?\\") or text.startswith("\\\\.\\"):
        rest = text[4:]
        if rest[:4].upper() == "UNC\\":
            return "", True
        text = rest
    if text.startswith("\\\\"):
        return "", True
    drive, _tail = ntpath.splitdrive(text)
    if not drive:
        return "", False
    return drive.upper() + "\\", False


def _check_windows(path: str, drive_type: DriveTypeLookup | None) -> None:
    root, unc = _win_split(path)
    if unc:
        raise StorageError(network_message(path))
    if not root:
        return
    kind = (drive_type or _win_get_drive_type)(root)
    if kind == DRIVE_REMOTE:
        raise StorageError(network_message(path))
    if kind in (DRIVE_REMOVABLE, DRIVE_CDROM):
        raise StorageError(removable_message(path))


# --------------------------------------------------------------------------- Linux


def _read_proc_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _unescape_mount(field: str) -> str:
    """``/proc/mounts`` writes space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mounts(text: str) -> list[tuple[str, str, str]]:
    """(device, mount point, file system type) of each line of ``/proc/mounts``."""
    out = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            out.append((_unescape_mount(fields[0]), _unescape_mount(fields[1]), fields[2]))
    return out


def _sys_block_removable(device: str) -> bool:
    """True when the disk holding *device* (``/dev/sdb1``) reports itself removable."""
    if not device.startswith("/dev/"):
        return False
    try:
        name = Path(device).resolve().name
        node = Path("/sys/class/block") / name
        if not node.exists():
            return False
        disk = node.resolve()
        if (disk / "partition").exists():
            disk = disk.parent
        if (disk / "removable").read_text().strip() == "1":
            return True
        # USB disks often report removable=0; the device path tells they hang off USB.
        return "/usb" in str(disk)
    except OSError:
        return False


def mount_of(path: str, mounts: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The mount (longest mount point) that holds *path*."""
    best: tuple[str, str, str] | None = None
    for entry in mounts:
        point = entry[1].rstrip("/") or "/"
        inside = point == "/" or path == point or path.startswith(point + "/")
        if inside and (best is None or len(point) >= len(best[1].rstrip("/") or "/")):
            best = entry
    return best


def _check_posix(path: str, mounts: MountsReader | None, removable: RemovableLookup | None) -> None:
    full = posixpath.normpath(path)
    if any(full.startswith(p) or full + "/" == p for p in REMOVABLE_PREFIXES):
        raise StorageError(removable_message(path))
    entry = mount_of(full, parse_mounts((mounts or _read_proc_mounts)()))
    if entry is None:
        return
    device, _point, fstype = entry
    if fstype in NETWORK_FS or fstype.startswith("nfs") or device.startswith("//"):
        raise StorageError(network_message(path))
    if fstype in STICK_FS and (removable or _sys_block_removable)(device):
        raise StorageError(removable_message(path))


# --------------------------------------------------------------------------- public


def _is_windows(platform: str | None) -> bool:
    return (platform or sys.platform).startswith("win")


def _absolute(path: str | os.PathLike[str], windows: bool) -> str:
    text = os.fspath(path)
    if windows:
        if os.name == "nt":
            return os.path.abspath(text)
        return text  # simulated Windows paths are given absolute
    return os.path.realpath(text)  # a symlink into /media is still a stick


def check_database_location(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    drive_type: DriveTypeLookup | None = None,
    mounts: MountsReader | None = None,
    removable: RemovableLookup | None = None,
) -> None:
    """Refuse (StorageError) a database on a removable or network drive or a too long path.

    *platform* defaults to ``sys.platform``; *drive_type*, *mounts* and
    *removable* replace the OS queries (for tests).
    """
    windows = _is_windows(platform)
    full = _absolute(path, windows)
    if windows:
        _check_windows(full, drive_type)
    else:
        _check_posix(full, mounts, removable)
    if windows:
        folder = ntpath.dirname(full)
        check_path_length(full + "-journal", platform=platform, shown=full)
        check_path_length(folder + "\\" + "x" * COMPANION_MARGIN, platform=platform, shown=full)


def path_too_long_message(path: str) -> str:
    return (
        f"Đường dẫn {path} quá dài (Windows chỉ cho phép {MAX_PATH_CHARS} ký tự, kể cả các tệp "
        "chương trình tạo thêm bên cạnh); hãy chọn thư mục có đường dẫn ngắn hơn, ví dụ "
        "ngay trong ổ D:\\ hoặc thư mục Tài liệu."
    )


def check_path_length(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    error: type[AppError] = StorageError,
    shown: str | None = None,
) -> None:
    """Raise *error* when *path* would exceed Windows' MAX_PATH (nothing elsewhere)."""
    if not _is_windows(platform):
        return
    text = os.fspath(path)
    if text.startswith("\\\\?\\"):
        return  # extended-length paths have no MAX_PATH limit
    if len(text) > MAX_PATH_CHARS:
        raise error(path_too_long_message(shown or text))


def fit_filename(
    folder: str | os.PathLike[str],
    filename: str,
    *,
    platform: str | None = None,
    limit: int = MAX_PATH_CHARS,
    min_stem: int = 8,
) -> str:
    """*filename*, its stem shortened if needed so that ``folder/filename`` fits *limit*.

    Only on Windows (the limit does not apply elsewhere). Raises StorageError
    when even a stem of *min_stem* characters does not fit.
    """
    if not _is_windows(platform):
        return filename
    base = os.fspath(folder).rstrip("\\/")
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""
    ext = f".{suffix}" if dot else ""
    room = limit - len(base) - 1 - len(ext)
    if len(stem) <= room:
        return filename
    if room < min_stem:
        raise StorageError(path_too_long_message(base + "\\" + filename))
    return stem[:room].rstrip(" .") + ext


def _win_known_fonts_folder() -> str | None:
    """``SHGetKnownFolderPath(FOLDERID_Fonts)`` via ctypes; None when unavailable."""
    import ctypes
    import uuid

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return None
    from ctypes import wintypes

    class GUID(ctypes.Structure):
        _fields_ = [
            ("Data1", wintypes.DWORD),
            ("Data2", wintypes.WORD),
            ("Data3", wintypes.WORD),
            ("Data4", wintypes.BYTE * 8),
        ]

    fid = uuid.UUID("{FD228CB7-AE11-4AE3-864C-16F3910AB8FE}")  # FOLDERID_Fonts
    guid = GUID()
    guid.Data1, guid.Data2, guid.Data3 = fid.fields[0], fid.fields[1], fid.fields[2]
    for i, b in enumerate(fid.bytes[8:]):
        guid.Data4[i] = b
    out = ctypes.c_wchar_p()
    try:
        hr = windll.shell32.SHGetKnownFolderPath(ctypes.byref(guid), 0, None, ctypes.byref(out))
        if hr != 0 or not out.value:
            return None
        return str(out.value)
    finally:
        windll.ole32.CoTaskMemFree(out)


def windows_font_dir(
    *,
    known_folder: KnownFolderLookup | None = None,
    environ: dict[str, str] | None = None,
) -> Path:
    r"""The Windows fonts folder: the Fonts known folder, else ``%WINDIR%\Fonts``."""
    found = (known_folder or _win_known_fonts_folder)()
    if found:
        return Path(found)
    env = os.environ if environ is None else environ
    windir = env.get("WINDIR") or env.get("SystemRoot") or env.get("SYSTEMROOT") or r"C:\Windows"
    return Path(ntpath.join(windir, "Fonts"))


def windows_user_font_dir(*, environ: dict[str, str] | None = None) -> Path | None:
    r"""Fonts installed for one user (Windows 10 1809+): ``%LOCALAPPDATA%\Microsoft\Windows\Fonts``."""
    env = os.environ if environ is None else environ
    local = env.get("LOCALAPPDATA")
    return Path(ntpath.join(local, "Microsoft", "Windows", "Fonts")) if local else None
