"""Estimates the Windows onedir from the Linux one and the Windows wheels.

PyInstaller cannot build a Windows program on Linux, but the Windows wheels of
every dependency can be downloaded (see installer/README.md)::

    .venv/bin/pip download --only-binary=:all: --platform win_amd64 \\
        --python-version 3.11 --no-deps -d /tmp/winwheels -r REQS
    .venv/bin/python installer/estimate_windows_size.py dist/kh57 /tmp/winwheels

Every file of the Linux onedir (``dist/kh57``, built by installer/build.sh) is
put in one of five groups:

* ``qt``: PySide6 / shiboken6 / Qt files; each is looked up under its Windows
  name in the wheels (``Qt/lib/libQt6Gui.so.6`` -> ``Qt6Gui.dll``,
  ``Qt/plugins/x/libqy.so`` -> ``plugins/x/qy.dll``, ``QtGui.abi3.so`` ->
  ``QtGui.pyd``) and counted at its Windows size (measured); those with no
  Windows counterpart (ICU, XCB, Wayland) count 0;
* ``ext``: compiled extensions of the other packages (Pillow, lxml …), looked
  up as ``*.cp311-win_amd64.pyd`` / ``*.pyd``, counted at their Windows size
  (measured; the Windows wheels link their libraries into the .pyd, so the
  ``*.libs`` folders of the manylinux wheels count 0);
* ``runtime``: libpython, the standard library's extensions and the libraries
  they need (OpenSSL, SQLite, libffi, zlib, bz2, lzma, expat, mpdec): Windows
  has counterparts (python311.dll, DLLs/*.pyd, libcrypto-3.dll …) that are in
  no wheel, so they are counted at their Linux size: a proxy, NOT measured;
* ``system``: the other Linux system libraries PyInstaller copies (X11, GLib,
  GTK, CUPS, GnuTLS, Kerberos …): on Windows their counterparts are parts of
  the OS that are not bundled: counted 0 (an assumption);
* ``same``: everything else (byte code, resources, data, the executable), the
  same on both, counted as is.

Then the Windows-only files are added from the wheels: the ``qwindows``
platform plugin, the Windows style, the MSVC runtime DLLs of the PySide6 wheel,
and a second executable (``kh57-cli.exe``; the spec makes two on Windows), at
the size of the Linux one.

With a third argument the approximate Windows payload is assembled in that
folder (the real Windows bytes for ``qt`` and ``ext``, the Linux bytes for
the rest), so that installer/check-iss.sh can compress it with Inno Setup:
``KH57_ISS_SOURCE=FOLDER installer/check-iss.sh``.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

MB = 1024 * 1024
QT_PACKAGES = ("PySide6/", "shiboken6/")
WINDOWS_EXTRA = (
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
)
MSVC = re.compile(r"^(PySide6|shiboken6)/(msvcp140\w*|vcruntime140\w*|concrt140)\.dll$", re.I)


def wheel_index(folder: Path) -> dict[str, int]:
    """Every file in the Windows wheels: path in site-packages -> size."""
    index: dict[str, int] = {}
    for wheel in sorted(folder.glob("*.whl")):
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                if not info.is_dir():
                    index.setdefault(info.filename, info.file_size)
    return index


def windows_name(rel: str) -> str | None:
    """The Windows counterpart of a Linux PySide6 / shiboken6 path, if there is one."""
    m = re.fullmatch(r"PySide6/Qt/lib/lib(Qt6\w+)\.so\.6", rel)
    if m:
        return f"PySide6/{m.group(1)}.dll"
    m = re.fullmatch(r"PySide6/Qt/plugins/(\w+)/lib(\w[\w-]*)\.so", rel)
    if m:
        return f"PySide6/plugins/{m.group(1)}/{m.group(2)}.dll"
    m = re.fullmatch(r"PySide6/Qt/translations/(.+\.qm)", rel)
    if m:
        return f"PySide6/translations/{m.group(1)}"
    m = re.fullmatch(r"(PySide6|shiboken6)/(\w+)\.abi3\.so", rel)
    if m:
        return f"{m.group(1)}/{m.group(2)}.pyd"
    m = re.fullmatch(r"(PySide6|shiboken6)/lib(pyside6|shiboken6)\.abi3\.so\.[\d.]+", rel)
    if m:
        return f"{m.group(1)}/{m.group(2)}.abi3.dll"
    return None


RUNTIME = re.compile(
    r"^(libpython3|libcrypto|libssl|libsqlite3|libffi|libz\.|libbz2|liblzma|libexpat|libmpdec)"
)


SHARED = re.compile(r"\.so(\.[\d.]+)?$")


def classify(rel: str, name: str) -> str:
    if rel.startswith(QT_PACKAGES) and not rel.endswith((".py", ".pyc")):
        return "qt"
    if rel.startswith("python3.11/lib-dynload/") or RUNTIME.match(name):
        return "runtime"
    if ".cpython-311-x86_64-linux-gnu.so" in name or name.endswith(".abi3.so"):
        return "ext"
    if SHARED.search(name) or re.match(r"[\w-]+\.libs/", rel):
        return "system"
    return "same"


def windows_counterpart(group: str, rel: str, index: dict[str, int]) -> str | None:
    if group == "qt":
        win = windows_name(rel)
        if win is None and not SHARED.search(rel):
            return rel  # metadata, data files: the same
        return win if win in index else None
    if group == "ext":
        stem = rel.split(".cpython-311")[0].split(".abi3")[0]
        for candidate in (f"{stem}.cp311-win_amd64.pyd", f"{stem}.pyd"):
            if candidate in index:
                return candidate
    return None


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    onedir, wheels = Path(argv[0]), Path(argv[1])
    assemble = Path(argv[2]) if len(argv) == 3 else None
    internal = onedir / "_internal"
    index = wheel_index(wheels)
    if not index:
        raise SystemExit(f"no wheels in {wheels}")
    groups = ("qt", "ext", "runtime", "system", "same")
    linux = dict.fromkeys(groups, 0)
    windows = dict.fromkeys(groups, 0)
    missing: list[tuple[str, int]] = []
    copies: list[tuple[Path | str, str]] = []  # (Linux file or wheel member, target)
    for path in sorted(onedir.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        size = path.stat().st_size
        rel = path.relative_to(internal).as_posix() if path.is_relative_to(internal) else ""
        group = classify(rel, path.name) if rel else "same"
        linux[group] += size
        target = path.relative_to(onedir).as_posix()
        if group in ("qt", "ext"):
            win = windows_counterpart(group, rel, index)
            if win is None:
                missing.append((rel, size))
            elif win == rel:
                windows[group] += size
                copies.append((path, target))
            else:
                windows[group] += index[win]
                copies.append((win, f"_internal/{win}"))
        elif group == "system":
            continue
        else:
            windows[group] += size
            copies.append((path, target))
    exe = onedir / "kh57"
    extra = {name: index[name] for name in WINDOWS_EXTRA if name in index}
    extra.update(
        {n: size for n, size in index.items() if MSVC.match(n) and n.startswith("PySide6/")}
    )
    for name in extra:
        copies.append((name, f"_internal/{name}"))
    extra["kh57-cli.exe (a second executable, at the size of kh57)"] = exe.stat().st_size
    copies.append((exe, "kh57-cli"))
    windows["same"] += sum(extra.values())

    print(f"Linux onedir {onedir}: {sum(linux.values()) / MB:.1f} MB")
    print("group       Linux MB   Windows MB")
    for group in groups:
        print(f"{group:8} {linux[group] / MB:11.1f} {windows[group] / MB:12.1f}")
    print(f"{'total':8} {sum(linux.values()) / MB:11.1f} {sum(windows.values()) / MB:12.1f}")
    print("\nqt/ext files with no Windows counterpart (0 on Windows):")
    ranked = sorted(missing, key=lambda x: -x[1])
    for rel, size in ranked[:8]:
        print(f"  {size / MB:6.1f} MB  {rel}")
    if ranked[8:]:
        print(f"  … and {len(ranked) - 8} more, {sum(s for _r, s in ranked[8:]) / MB:.1f} MB")
    print("\nWindows-only files added:")
    for name, size in extra.items():
        print(f"  {size / MB:6.1f} MB  {name}")
    if assemble is not None:
        _assemble(assemble, copies, wheels)
        total = sum(f.stat().st_size for f in assemble.rglob("*") if f.is_file())
        print(f"\nassembled in {assemble}: {total / MB:.1f} MB")
    return 0


def _assemble(folder: Path, copies: list[tuple[Path | str, str]], wheels: Path) -> None:
    import shutil

    if folder.exists():
        shutil.rmtree(folder)
    members: dict[str, Path] = {}
    for wheel in sorted(wheels.glob("*.whl")):
        with zipfile.ZipFile(wheel) as zf:
            for name in zf.namelist():
                members.setdefault(name, wheel)
    for source, target in copies:
        out = folder / target
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, out)
        else:
            with (
                zipfile.ZipFile(members[source]) as zf,
                zf.open(source) as src,
                out.open("wb") as dst,
            ):
                shutil.copyfileobj(src, dst)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
