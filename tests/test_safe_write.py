"""Safe export to USB sticks and folders, with OS faults injected at write, fsync and rename."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app import safe_write
from app.errors import ExportError
from app.safe_write import (
    MSG_FULL,
    MSG_GONE,
    MSG_LOCKED,
    MSG_MISMATCH,
    MSG_PROTECTED,
    export_error,
    write_file_safely,
)

CONTENT = b"PK\x03\x04" + bytes(range(256)) * 400
NAME = "KH57_Tam-Chung_2025-09_r1.kh57"


class FakeClock:
    """Injected sleep/clock: time passes only when the code sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake() -> FakeClock:
    return FakeClock()


def write(folder: Path, fake: FakeClock, content: bytes = CONTENT, name: str = NAME) -> Path:
    return write_file_safely(folder, name, content, sleep=fake.sleep, clock=fake.clock)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


class Faults:
    """Make os-level calls fail for files inside one folder only (simulating the OS)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        self.monkeypatch, self.folder = monkeypatch, folder
        self.fds: set[int] = set()
        real_open = os.open

        def tracking_open(path: Any, flags: int, *args: Any, **kw: Any) -> int:
            fd = real_open(path, flags, *args, **kw)
            if Path(path).resolve().is_relative_to(folder.resolve()):
                self.fds.add(fd)
            return fd

        monkeypatch.setattr(os, "open", tracking_open)

    def on_fd(self, name: str, exc: OSError, *, times: int = 10**9) -> None:
        real = getattr(os, name)
        left = [times]

        def failing(fd: int, *args: Any) -> Any:
            if fd in self.fds and left[0] > 0:
                left[0] -= 1
                raise exc
            return real(fd, *args)

        self.monkeypatch.setattr(os, name, failing)

    def on_call(
        self,
        name: str,
        exc: OSError | None,
        *,
        times: int = 10**9,
        after: Callable[..., None] | None = None,
    ) -> list[int]:
        real = getattr(os, name)
        calls = [0]

        def failing(*args: Any, **kw: Any) -> Any:
            calls[0] += 1
            if exc is not None and calls[0] <= times:
                raise exc
            result = real(*args, **kw)
            if after is not None:
                after(*args)
            return result

        self.monkeypatch.setattr(os, name, failing)
        return calls


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Faults]:
    yield Faults(monkeypatch, tmp_path)


def oserror(code: int, winerror: int | None = None) -> OSError:
    exc = OSError(code, os.strerror(code))
    if winerror is not None:
        exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


# --------------------------------------------------------------------------- success


def test_writes_verified_file_and_leaves_no_temp(tmp_path: Path, fake: FakeClock) -> None:
    path = write(tmp_path, fake)
    assert path == tmp_path / NAME
    assert path.read_bytes() == CONTENT
    assert listing(tmp_path) == [NAME]
    assert fake.sleeps == []


def test_same_content_again_keeps_the_file(tmp_path: Path, fake: FakeClock) -> None:
    first = write(tmp_path, fake)
    inode = first.stat().st_ino
    again = write(tmp_path, fake)
    assert again == first and again.stat().st_ino == inode
    assert listing(tmp_path) == [NAME]


def test_never_overwrites_a_different_file(tmp_path: Path, fake: FakeClock) -> None:
    (tmp_path / NAME).write_bytes(b"older report")
    second = write(tmp_path, fake)
    assert second.name == "KH57_Tam-Chung_2025-09_r1 (2).kh57"
    third = write(tmp_path, fake, content=CONTENT + b"!")
    assert third.name == "KH57_Tam-Chung_2025-09_r1 (3).kh57"
    assert (tmp_path / NAME).read_bytes() == b"older report"
    assert write(tmp_path, fake) == second  # identical to (2): found, not copied again


def test_name_without_suffix(tmp_path: Path, fake: FakeClock) -> None:
    (tmp_path / "README").write_bytes(b"x")
    assert write(tmp_path, fake, name="README").name == "README (2)"


def test_refuses_paths_as_names(tmp_path: Path, fake: FakeClock) -> None:
    for bad in ("", "..", "a/b.kh57", "..\\b.kh57"):
        with pytest.raises(ValueError):
            write(tmp_path, fake, name=bad)


# --------------------------------------------------------------------------- faults


def test_folder_gone(tmp_path: Path, fake: FakeClock) -> None:
    with pytest.raises(ExportError) as info:
        write(tmp_path / "E:" / "gone", fake)
    assert info.value.message == MSG_GONE


def test_disk_full_at_write(tmp_path: Path, fake: FakeClock, faults: Faults) -> None:
    faults.on_fd("write", oserror(errno.ENOSPC))
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_FULL
    assert listing(tmp_path) == []


def test_disk_full_after_partial_write(
    tmp_path: Path, fake: FakeClock, faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    calls = [0]

    def short_then_full(fd: int, data: Any) -> int:
        if fd in faults.fds:
            calls[0] += 1
            if calls[0] > 1:
                raise oserror(errno.ENOSPC)
            return real_write(fd, bytes(data)[:1000])  # a short write, as the OS may do
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", short_then_full)
    with pytest.raises(ExportError, match="đầy"):
        write(tmp_path, fake)
    assert listing(tmp_path) == []


def test_stick_pulled_at_fsync(tmp_path: Path, fake: FakeClock, faults: Faults) -> None:
    faults.on_fd("fsync", oserror(errno.EIO))
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_GONE
    assert listing(tmp_path) == []


def test_stick_pulled_at_rename(tmp_path: Path, fake: FakeClock, faults: Faults) -> None:
    faults.on_call("replace", oserror(errno.ENOENT))
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_GONE
    assert listing(tmp_path) == []


def test_device_gone_at_rename(tmp_path: Path, fake: FakeClock, faults: Faults) -> None:
    faults.on_call("replace", oserror(errno.ENODEV))
    with pytest.raises(ExportError, match="rút ra"):
        write(tmp_path, fake)
    assert listing(tmp_path) == []


def test_full_at_close(tmp_path: Path, fake: FakeClock, faults: Faults) -> None:
    faults.on_fd("close", oserror(errno.ENOSPC), times=1)  # delayed write error (NFS, SMB)
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_FULL
    assert listing(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.EPERM])
def test_write_protected(tmp_path: Path, fake: FakeClock, faults: Faults, code: int) -> None:
    faults.on_call("open", oserror(code))
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_PROTECTED
    assert fake.sleeps == []  # a POSIX permission error is not a lock: no waiting
    assert listing(tmp_path) == []


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores folder permissions"
)
def test_read_only_folder_for_real(tmp_path: Path, fake: FakeClock) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError) as info:
            write(folder, fake)
        assert info.value.message == MSG_PROTECTED
    finally:
        folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize("exc", [oserror(errno.EACCES, winerror=32), oserror(errno.EBUSY)])
def test_lock_that_clears_after_two_tries(
    tmp_path: Path, fake: FakeClock, faults: Faults, exc: OSError
) -> None:
    calls = faults.on_call("replace", exc, times=2)
    path = write(tmp_path, fake)
    assert path.read_bytes() == CONTENT
    assert calls[0] == 3 and len(fake.sleeps) == 2
    assert listing(tmp_path) == [NAME]


def test_lock_that_never_clears(tmp_path: Path, fake: FakeClock, faults: Faults) -> None:
    faults.on_call("replace", oserror(errno.EACCES, winerror=32))
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_LOCKED
    assert 9.5 <= fake.now <= 11  # about ten seconds of (fake) waiting
    assert listing(tmp_path) == []


def test_lock_on_read_back_is_retried(
    tmp_path: Path, fake: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open
    calls = [0]

    def open_locked_once(path: Any, flags: int, *args: Any) -> int:
        if Path(path).name == NAME and not flags & os.O_WRONLY:
            calls[0] += 1
            if calls[0] == 1:
                raise oserror(errno.EACCES, winerror=33)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", open_locked_once)
    assert write(tmp_path, fake).read_bytes() == CONTENT
    assert len(fake.sleeps) == 1


def test_verification_mismatch_removes_the_final_file(
    tmp_path: Path, fake: FakeClock, faults: Faults
) -> None:
    def corrupt(_src: Any, dst: Any) -> None:
        raw = bytearray(Path(dst).read_bytes())
        raw[100] ^= 0xFF  # a faulty stick returns other bytes than were written
        Path(dst).write_bytes(bytes(raw))

    faults.on_call("replace", None, after=corrupt)
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_MISMATCH
    assert listing(tmp_path) == []


def test_pulled_during_read_back_removes_the_final_file(
    tmp_path: Path, fake: FakeClock, faults: Faults
) -> None:
    faults.on_fd("read", oserror(errno.EIO))
    with pytest.raises(ExportError) as info:
        write(tmp_path, fake)
    assert info.value.message == MSG_GONE
    assert listing(tmp_path) == []


def test_directory_fsync_refused_is_not_an_error(
    tmp_path: Path, fake: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise oserror(errno.EINVAL)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert write(tmp_path, fake).read_bytes() == CONTENT


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (oserror(errno.EACCES, winerror=19), MSG_PROTECTED),  # ERROR_WRITE_PROTECT
        (oserror(errno.ENOENT, winerror=21), MSG_GONE),  # ERROR_NOT_READY
        (oserror(errno.EINVAL, winerror=1167), MSG_GONE),  # device not connected
        (oserror(errno.ENOSPC, winerror=112), MSG_FULL),  # ERROR_DISK_FULL
        (oserror(errno.EACCES, winerror=32), MSG_LOCKED),  # sharing violation
        (oserror(errno.EROFS), MSG_PROTECTED),
        (oserror(errno.EDQUOT), MSG_FULL),
    ],
)
def test_error_classification(exc: OSError, message: str) -> None:
    assert export_error(exc).message == message


def test_other_errors_name_the_cause() -> None:
    message = export_error(oserror(errno.ENAMETOOLONG)).message
    assert message.startswith("Không ghi được tệp (") and "hãy" in message


def test_messages_are_single_vietnamese_sentences() -> None:
    for message in (MSG_FULL, MSG_GONE, MSG_LOCKED, MSG_MISMATCH, MSG_PROTECTED):
        assert message.endswith(".") and ". " not in message and "hãy" in message
    assert safe_write.MSG_OTHER.endswith(".")


def test_replacing_swaps_in_the_new_file_only_when_the_block_succeeds(tmp_path: Path) -> None:
    from app.safe_write import replacing

    target = tmp_path / "settings.json"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(target) as temp:
        temp.write_text("nửa chừng", encoding="utf-8")
        raise RuntimeError("mất điện giữa chừng")
    assert target.read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]
    with replacing(target) as temp:
        temp.write_text("mới", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "mới"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_exporting_into_a_missing_drive_says_so_in_one_sentence(tmp_path: Path) -> None:
    from app.safe_write import write_atomically

    blocker = tmp_path / "usb"
    blocker.write_text("not a folder", encoding="utf-8")  # the "folder" is a file: OSError
    with pytest.raises(ExportError) as info:
        write_atomically(blocker / "bao-cao.pdf", b"%PDF")
    assert "bao-cao.pdf" in info.value.message and "chưa bị rút ra" in info.value.message
