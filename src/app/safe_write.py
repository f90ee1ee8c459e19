"""Write a file to a USB stick or folder so that it is either complete or absent.

:func:`write_file_safely` writes to a temporary name in the target folder,
flushes and fsyncs, renames to the final name, fsyncs the folder, then reads
the file back and checks its SHA-256. A full disk, a write-protected or pulled
stick, a vanished folder or a file held by another program (antivirus, retried
for about ten seconds) ends in an :class:`ExportError` with one Vietnamese
sentence, and no file with the final name that does not verify is left behind.
An existing file with different content is never overwritten: the new file is
named ``name (2).kh57``, ``name (3).kh57`` … An existing file with the same
content is kept and its path returned.

:func:`replacing` is the plain atomic replace used for the program's own files
(settings, PDF and Excel exports chosen in a save dialog): the new content is
written beside the target under a temporary name, fsynced and renamed over it,
so a crash leaves the old file or the new one, never half of one.
:func:`exporting` adds the officer's sentence for a file that cannot be written.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from app.errors import ExportError

T = TypeVar("T")

#: Windows error codes: sharing and lock violations (antivirus, indexer, Excel).
_WIN_LOCKED = {32, 33}
#: Retried on Windows: also "access denied", which a scanner holding the file gives on rename.
_WIN_RETRY = _WIN_LOCKED | {5}
#: Windows: write-protected medium; device not ready / gone / not connected.
_WIN_WRITE_PROTECT = {19}
_WIN_GONE = {2, 3, 15, 21, 31, 55, 1006, 1167}
_LOCK_ERRNOS = {errno.EBUSY, errno.ETXTBSY}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_PROTECTED_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE_ERRNOS = {errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO, errno.ESTALE, errno.ENOTDIR}
_MAX_COPIES = 999
_RETRY_PAUSE = 0.25

MSG_FULL = (
    "Ổ đĩa hoặc USB đã đầy nên chưa ghi được tệp, hãy xoá bớt tệp hoặc dùng USB khác rồi thử lại."
)
MSG_PROTECTED = (
    "USB hoặc thư mục đang bị chống ghi (hoặc không có quyền ghi), "
    "hãy gạt khoá chống ghi trên USB hoặc chọn thư mục khác rồi thử lại."
)
MSG_GONE = (
    "USB đã bị rút ra hoặc thư mục không còn nên tệp chưa được ghi, "
    "hãy cắm lại USB (hoặc chọn lại thư mục) rồi ghi lại."
)
MSG_LOCKED = (
    "Tệp đang bị chương trình khác (thường là phần mềm diệt virus) giữ nên chưa ghi xong, "
    "hãy đợi một lát rồi ghi lại."
)
MSG_MISMATCH = (
    "Tệp ghi ra USB đọc lại không khớp với bản gốc nên đã bị xoá, "
    "USB có thể bị lỗi; hãy thử lại hoặc dùng USB khác."
)
MSG_OTHER = "Không ghi được tệp ({detail}), hãy kiểm tra USB hoặc thư mục rồi thử lại."


def is_lock_error(exc: OSError) -> bool:
    """True for a sharing/lock violation held by another program."""
    winerror = getattr(exc, "winerror", None)
    if winerror is not None:
        return winerror in _WIN_LOCKED
    return exc.errno in _LOCK_ERRNOS


def is_transient(exc: OSError) -> bool:
    """True for an error worth retrying for a few seconds (a lock that may clear)."""
    winerror = getattr(exc, "winerror", None)
    if winerror is not None:
        return winerror in _WIN_RETRY
    return exc.errno in _LOCK_ERRNOS


def export_error(exc: OSError) -> ExportError:
    """The officer's message for an OS error met while writing."""
    winerror = getattr(exc, "winerror", None)
    if is_lock_error(exc):
        return ExportError(MSG_LOCKED)
    if exc.errno in _FULL_ERRNOS or winerror in (39, 112):
        return ExportError(MSG_FULL)
    if winerror in _WIN_GONE or (winerror is None and exc.errno in _GONE_ERRNOS):
        return ExportError(MSG_GONE)
    if winerror in _WIN_WRITE_PROTECT or exc.errno in _PROTECTED_ERRNOS:
        return ExportError(MSG_PROTECTED)
    if exc.errno in _GONE_ERRNOS:
        return ExportError(MSG_GONE)
    return ExportError(MSG_OTHER.format(detail=exc.strerror or type(exc).__name__))


class _Retrier:
    """Run an OS call, retrying transient errors until *seconds* have passed."""

    def __init__(
        self, seconds: float, sleep: Callable[[float], None], clock: Callable[[], float]
    ) -> None:
        self.seconds, self.sleep, self.clock = seconds, sleep, clock

    def __call__(self, fn: Callable[[], T]) -> T:
        deadline = self.clock() + self.seconds
        while True:
            try:
                return fn()
            except OSError as exc:
                if not is_transient(exc) or self.clock() >= deadline:
                    raise
            self.sleep(_RETRY_PAUSE)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _candidates(filename: str) -> list[str]:
    stem, dot, suffix = filename.rpartition(".")
    if not stem:
        stem, dot, suffix = filename, "", ""
    return [filename] + [f"{stem} ({n}){dot}{suffix}" for n in range(2, _MAX_COPIES + 1)]


def _choose_name(target_dir: Path, filename: str, sha: str) -> tuple[Path, bool]:
    """(path, already_there): the first free name, or an existing identical file."""
    for name in _candidates(filename):
        path = target_dir / name
        if not path.exists():
            return path, False
        try:
            if path.is_file() and _sha256_of(path) == sha:
                return path, True
        except OSError:
            continue  # unreadable: treat it as different and never touch it
    raise ExportError(
        "Thư mục đã có quá nhiều tệp cùng tên, hãy chọn thư mục khác hoặc xoá bớt tệp cũ."
    )


def _write_all(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_temp(temp: Path, content: bytes) -> None:
    """Create *temp* (never an existing file), write, fsync; remove it again on failure."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o644)
    try:
        try:
            _write_all(fd, content)
            os.fsync(fd)
        finally:
            os.close(fd)  # close can report a delayed write error too
    except OSError:
        _remove_quietly(temp)
        raise


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (FAT over FUSE, network shares) refuse
    finally:
        os.close(fd)


def _read_back_sha(path: Path) -> str:
    """SHA-256 of the file as stored, dropping cached pages first where possible."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        if hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def _remove_quietly(path: Path | None) -> None:
    if path is None:
        return
    with contextlib.suppress(OSError):
        os.remove(path)


def write_file_safely(
    target_dir: Path,
    filename: str,
    content: bytes,
    *,
    lock_retry_seconds: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Path:
    """Write *content* as *filename* in *target_dir*, verified; return the path written.

    The returned name may be ``name (2).ext`` when a different file already
    has the name. Raises ExportError with the officer's message on failure.
    """
    if not filename or filename in (".", "..") or any(c in filename for c in "/\\\0"):
        raise ValueError(f"not a plain file name: {filename!r}")
    target_dir = Path(target_dir)
    sha = hashlib.sha256(content).hexdigest()
    retry = _Retrier(lock_retry_seconds, sleep, clock)
    if not target_dir.is_dir():
        raise ExportError(MSG_GONE)
    final: Path | None = None
    renamed = False
    try:
        final, already_there = _choose_name(target_dir, filename, sha)
        if already_there:
            return final
        temp = target_dir / f".{final.stem[:40]}.{secrets.token_hex(6)}.tmp"
        _write_temp(temp, content)
        try:
            retry(lambda: os.replace(temp, final))
        except OSError:
            _remove_quietly(temp)
            raise
        renamed = True
        _fsync_dir(target_dir)
        if retry(lambda: _read_back_sha(final)) != sha:
            raise ExportError(MSG_MISMATCH)
        return final
    except (OSError, ExportError) as exc:
        if renamed:
            _remove_quietly(final)  # renamed but not verified: take it away
        if isinstance(exc, OSError):
            raise export_error(exc) from exc
        raise


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside *path*; when the block ends normally it replaces *path*.

    The block writes the temporary file (any way it likes: bytes, ``wb.save``);
    it is then fsynced and renamed over *path*. On any error it is removed and
    *path* is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".kh57-", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync_file(temp)
        os.replace(temp, path)
    except BaseException:
        _remove_quietly(temp)
        raise


@contextlib.contextmanager
def exporting(path: Path) -> Iterator[Path]:
    """:func:`replacing`, with an :class:`ExportError` in one sentence when writing fails."""
    try:
        with replacing(path) as temp:
            yield temp
    except PermissionError as exc:
        raise ExportError(
            f"Không ghi được tệp {path.name} vì tệp đang mở ở chương trình khác (Excel, trình "
            "đọc PDF) hoặc thư mục không cho ghi; hãy đóng tệp rồi thử lại."
        ) from exc
    except OSError as exc:
        raise ExportError(
            f"Không ghi được tệp {path.name}; hãy kiểm tra ổ đĩa còn chỗ trống và chưa bị rút "
            "ra rồi thử lại."
        ) from exc


def write_atomically(path: Path, data: bytes) -> None:
    """Write *data* to *path* through :func:`exporting`."""
    with exporting(path) as temp:
        temp.write_bytes(data)
