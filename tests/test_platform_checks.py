"""Machine-dependent checks, simulated: Windows drives, Linux mounts, path length, fonts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import platform_checks as pc
from app.errors import StorageError

# --------------------------------------------------------------------------- Windows


def _drives(kinds: dict[str, int]):
    asked: list[str] = []

    def lookup(root: str) -> int:
        asked.append(root)
        return kinds.get(root, pc.DRIVE_FIXED)

    return lookup, asked


def test_windows_fixed_drive_is_accepted() -> None:
    lookup, asked = _drives({})
    pc.check_database_location(
        r"C:\Users\An\AppData\Local\KH57\KH57\kh57.sqlite3", platform="win32", drive_type=lookup
    )
    assert asked == ["C:\\"]


@pytest.mark.parametrize("kind", [pc.DRIVE_REMOVABLE, pc.DRIVE_CDROM])
def test_windows_removable_drive_is_refused(kind: int) -> None:
    lookup, asked = _drives({"E:\\": kind})
    with pytest.raises(StorageError) as info:
        pc.check_database_location(r"e:\KH57\kh57.sqlite3", platform="win32", drive_type=lookup)
    assert asked == ["E:\\"]
    assert "USB" in info.value.message and "ổ đĩa rời" in info.value.message
    assert r"e:\KH57\kh57.sqlite3" in info.value.message


def test_windows_mapped_network_drive_is_refused() -> None:
    lookup, _ = _drives({"Z:\\": pc.DRIVE_REMOTE})
    with pytest.raises(StorageError, match="ổ mạng"):
        pc.check_database_location(r"Z:\chung\kh57.sqlite3", platform="win32", drive_type=lookup)


@pytest.mark.parametrize(
    "path",
    [
        r"\\may-chu\chung\kh57.sqlite3",
        "//may-chu/chung/kh57.sqlite3",
        r"\\?\UNC\may-chu\chung\kh57.sqlite3",
    ],
)
def test_windows_unc_paths_are_network(path: str) -> None:
    lookup, asked = _drives({})
    with pytest.raises(StorageError, match="ổ mạng"):
        pc.check_database_location(path, platform="win32", drive_type=lookup)
    assert asked == []  # no drive letter to ask about


def test_windows_extended_path_uses_its_drive() -> None:
    lookup, asked = _drives({"F:\\": pc.DRIVE_REMOVABLE})
    with pytest.raises(StorageError):
        pc.check_database_location(
            r"\\?\F:\du-lieu\kh57.sqlite3", platform="win32", drive_type=lookup
        )
    assert asked == ["F:\\"]


def test_windows_database_path_too_long_for_its_backups() -> None:
    lookup, _ = _drives({})
    folder = "C:\\" + "\\".join(["thư mục rất dài của xã"] * 9)
    assert len(folder) < pc.MAX_PATH_CHARS  # the file alone would fit …
    with pytest.raises(StorageError, match="quá dài"):  # … but not backups\kh57-…sqlite3
        pc.check_database_location(folder + r"\kh57.sqlite3", platform="win32", drive_type=lookup)


# --------------------------------------------------------------------------- Linux

MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sdb1 /srv/usb\\040stick vfat rw 0 0
/dev/sda3 /srv/fat vfat rw 0 0
//nas/chung /srv/nas cifs rw 0 0
nas:/export /srv/nfs nfs4 rw 0 0
an@host:/home /srv/ssh fuse.sshfs rw 0 0
"""


def _linux(path: str, removable_devices: tuple[str, ...] = ("/dev/sdb1",)) -> None:
    pc.check_database_location(
        path,
        platform="linux",
        mounts=lambda: MOUNTS,
        removable=lambda dev: dev in removable_devices,
    )


def test_linux_home_is_accepted(tmp_path: Path) -> None:
    _linux("/home/an/.local/share/KH57/kh57.sqlite3")
    _linux(str(tmp_path / "kh57.sqlite3"))


@pytest.mark.parametrize(
    "path",
    ["/media/an/USB/kh57.sqlite3", "/run/media/an/USB/kh57.sqlite3", "/mnt/usb/kh57.sqlite3"],
)
def test_linux_removable_folders_are_refused(path: str) -> None:
    with pytest.raises(StorageError, match="USB"):
        _linux(path)


@pytest.mark.parametrize(
    "path", ["/srv/nas/kh57.sqlite3", "/srv/nfs/a/kh57.sqlite3", "/srv/ssh/x.db"]
)
def test_linux_network_file_systems_are_refused(path: str) -> None:
    with pytest.raises(StorageError, match="ổ mạng"):
        _linux(path)


def test_linux_fat_on_removable_disk_is_refused_but_not_on_fixed_disk() -> None:
    with pytest.raises(StorageError, match="USB"):
        _linux("/srv/usb stick/kh57.sqlite3")  # mount point with an escaped space
    _linux("/srv/fat/kh57.sqlite3")  # FAT partition of the internal disk


def test_longest_mount_point_wins() -> None:
    mounts = pc.parse_mounts(MOUNTS)
    assert pc.mount_of("/srv/nas/x", mounts) == ("//nas/chung", "/srv/nas", "cifs")
    assert pc.mount_of("/srv/nasty/x", mounts) == ("/dev/sda2", "/", "ext4")


def test_open_database_refuses_a_stick(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from app.db import open_database

    real = pc.check_database_location

    def simulated(path: object, **kw: object) -> None:
        real(
            path,  # type: ignore[arg-type]
            platform="linux",
            mounts=lambda: f"/dev/sdc1 {tmp_path} vfat rw 0 0\n",
            removable=lambda _dev: True,
        )

    monkeypatch.setattr("app.db.check_database_location", simulated)
    target = tmp_path / "kh57.sqlite3"
    with pytest.raises(StorageError, match="USB"):
        open_database(target)
    assert not target.exists()


# --------------------------------------------------------------------------- path length


def test_path_length_only_limited_on_windows() -> None:
    long = "C:\\" + "a" * 300
    pc.check_path_length(long, platform="linux")
    pc.check_path_length("\\\\?\\" + long, platform="win32")  # extended-length path
    pc.check_path_length("C:\\" + "a" * (pc.MAX_PATH_CHARS - 3), platform="win32")
    with pytest.raises(StorageError, match="quá dài"):
        pc.check_path_length("C:\\" + "a" * (pc.MAX_PATH_CHARS - 2), platform="win32")


def test_fit_filename_shortens_the_stem_and_keeps_the_suffix() -> None:
    folder = "C:\\" + "x" * 200
    name = "Báo cáo kết quả thực hiện kế hoạch " * 3 + ".pdf"
    fitted = pc.fit_filename(folder, name, platform="win32")
    assert fitted.endswith(".pdf")
    assert len(folder) + 1 + len(fitted) <= pc.MAX_PATH_CHARS
    assert fitted.startswith("Báo cáo kết quả")
    assert pc.fit_filename(folder, "a.pdf", platform="win32") == "a.pdf"
    assert pc.fit_filename(folder, name, platform="linux") == name
    with pytest.raises(StorageError):
        pc.fit_filename("C:\\" + "x" * 250, name, platform="win32")


# --------------------------------------------------------------------------- fonts


def test_windows_font_dir_prefers_the_known_folder() -> None:
    assert str(pc.windows_font_dir(known_folder=lambda: r"D:\Win\Fonts")) == r"D:\Win\Fonts"


def test_windows_font_dir_falls_back_to_windir() -> None:
    found = pc.windows_font_dir(known_folder=lambda: None, environ={"WINDIR": r"C:\WINDOWS"})
    assert str(found) == r"C:\WINDOWS\Fonts"
    assert str(pc.windows_font_dir(known_folder=lambda: None, environ={})) == r"C:\Windows\Fonts"


def test_windows_user_font_dir() -> None:
    found = pc.windows_user_font_dir(environ={"LOCALAPPDATA": r"C:\Users\An\AppData\Local"})
    assert str(found) == r"C:\Users\An\AppData\Local\Microsoft\Windows\Fonts"
    assert pc.windows_user_font_dir(environ={}) is None
