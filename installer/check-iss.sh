#!/usr/bin/env bash
# Compiles installer/kh57.iss for real, on Linux: Inno Setup's ISCC.exe (npm
# package `innosetup`) under wine, against the Linux onedir of installer/build.sh.
#
#   installer/check-iss.sh              # reuses dist/kh57 if it is there
#   KH57_REBUILD=1 installer/check-iss.sh   # rebuilds the onedir first
#   KH57_ISS_SOURCE=DIR installer/check-iss.sh   # compresses DIR instead
#
# Proves the script compiles (preprocessor, sections, every Source file found)
# and measures what LZMA2 makes of the payload. The payload is the LINUX
# onedir (ELF files, `kh57` instead of `kh57.exe`), so the size is an estimate
# of the Windows installer, not the Windows installer (see installer/README.md).
# Heavy (wine, ~1 GB of packages, minutes of LZMA): run on demand, not in CI.
#
# Installs what it needs, once: the i386 architecture, wine + wine32 (ISCC.exe
# is a 32-bit program) and Inno Setup 6.4.1 from npm into build/innosetup.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
INNO_VERSION=6.4.1
INNO="$ROOT/build/innosetup/package/bin"
OUT="$ROOT/build/iss"
export WINEPREFIX="$ROOT/build/wine-prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono / Gecko download prompts

# -- wine (32-bit) ---------------------------------------------------------
if ! command -v wine >/dev/null || ! dpkg -s wine32:i386 >/dev/null 2>&1; then
  echo "== installing wine + wine32 (apt)"
  [ "$(id -u)" = 0 ] || { echo "need root to install wine32" >&2; exit 1; }
  dpkg --add-architecture i386
  # A mirror mid-sync can fail one index (seen: bookworm-security i386
  # Packages.xz "File has unexpected size"); the install below decides.
  apt-get update -q || echo "(apt-get update reported errors, trying the install anyway)"
  # -t <codename>: take amd64 and i386 libraries from the same suite, so that
  # the Multi-Arch: same pairs (libssl3, liblzma5 …) get equal versions.
  codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -t "$codename" wine wine32 wine64
fi
wine --version

# -- Inno Setup (npm) --------------------------------------------------------
if [ ! -f "$INNO/ISCC.exe" ]; then
  echo "== fetching Inno Setup $INNO_VERSION (npm package innosetup)"
  mkdir -p "$ROOT/build/innosetup"
  (cd "$ROOT/build/innosetup" && npm pack --silent "innosetup@$INNO_VERSION" >/dev/null \
    && tar xzf "innosetup-$INNO_VERSION.tgz")
fi
DEFINES=()
if [ ! -f "$INNO/Languages/Vietnamese.isl" ]; then
  # Vietnamese.isl is an unofficial translation, not in the npm package.
  echo "(Vietnamese.isl not in Inno Setup's Languages: compiling with /DNoVietnamese)"
  DEFINES+=("/DNoVietnamese")
fi

# -- the onedir --------------------------------------------------------------
BUNDLE="$ROOT/dist/kh57"
if [ -n "${KH57_ISS_SOURCE:-}" ]; then
  # another payload, e.g. the approximate Windows one that
  # installer/estimate_windows_size.py assembles
  BUNDLE="$(cd "$KH57_ISS_SOURCE" && pwd)"
elif [ "${KH57_REBUILD:-}" = 1 ] || [ ! -x "$BUNDLE/kh57" ]; then
  bash "$ROOT/installer/build.sh"
fi
VERSION="$("$ROOT/.venv/bin/python" -c \
  'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"

# -- compile -----------------------------------------------------------------
mkdir -p "$OUT" "$WINEPREFIX"
rm -f "$OUT/KH57-Setup-$VERSION.exe"
win() { winepath -w "$1" 2>/dev/null; }
echo "== ISCC $INNO_VERSION under wine: kh57.iss against $BUNDLE"
started=$(date +%s)
wine "$INNO/ISCC.exe" /Q \
  "/DAppVersion=$VERSION" \
  "/DSourceDir=$(win "$BUNDLE")" \
  "/DOutputDir=$(win "$OUT")" \
  "/DAppExe=kh57" "/DCliExe=kh57" \
  "${DEFINES[@]}" \
  "$(win "$ROOT/installer/kh57.iss")"
echo "   compiled in $(( $(date +%s) - started )) s"

SETUP="$OUT/KH57-Setup-$VERSION.exe"
[ -f "$SETUP" ] || { echo "no $SETUP" >&2; exit 1; }
payload=$(du -sb "$BUNDLE" | cut -f1)
setup=$(stat -c %s "$SETUP")
awk -v p="$payload" -v s="$setup" -v f="$SETUP" 'BEGIN {
  printf "== installer: %s\n   %.1f MB (onedir %.1f MB, LZMA2 ratio %.2f)\n",
         f, s / 1048576, p / 1048576, s / p }'
