#!/usr/bin/env bash
# Builds the KH57 onedir bundle on Linux (CI) and proves it complete with its self-test.
#
#   installer/build.sh            # uses .venv (creates it if missing)
#   KH57_BUILD_VENV=fresh installer/build.sh   # a throw-away venv in build/venv
#
# Prints the bundle size, the ten biggest files and folders, the self-test and
# the start-up time of `kh57 self-test` (the frozen program unpacking nothing:
# onedir starts from files).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "${KH57_BUILD_VENV:-}" = fresh ]; then
  VENV="$ROOT/build/venv"
  rm -rf "$VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q "$ROOT"
else
  VENV="$ROOT/.venv"
  if [ ! -x "$VENV/bin/python" ]; then
    source "$ROOT/scripts/_setup.sh"
  fi
fi
"$VENV/bin/python" -m pip install -q pyinstaller

VERSION="$("$VENV/bin/python" - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as f:
    print(tomllib.load(f)["project"]["version"])
PY
)"
echo "== KH57 $VERSION: PyInstaller onedir"
started=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" "$ROOT/installer/kh57.spec"
echo "   built in $(( $(date +%s) - started )) s"

BUNDLE="$ROOT/dist/kh57"
echo "== size"
du -sh "$BUNDLE"
echo "== ten biggest files and folders"
du -ah "$BUNDLE" | sort -rh | sed -n '2,11p'
echo "== ten biggest files"
find "$BUNDLE" -type f -printf '%s\t%P\n' | sort -rn | head -10 \
  | awk -F'\t' '{ printf "%8.1f MB  %s\n", $1 / 1048576, $2 }'
echo "== compressed (what an installer would weigh, roughly)"
tar -C "$ROOT/dist" -cf - kh57 | gzip -6 | wc -c | awk '{ printf "%.1f MB tar.gz\n", $1 / 1048576 }'

echo "== self-test of the bundle"
export QT_QPA_PLATFORM=offscreen
rc=0
# the window icon (resources/icons, drawn by installer/make_icon.py) travels with resources/
for icon in kh57.png kh57-16.png kh57-32.png; do
  [ -f "$BUNDLE/_internal/resources/icons/$icon" ] || { echo "missing icon: $icon" >&2; rc=1; }
done
t0=$(date +%s.%N)
"$BUNDLE/kh57" --version
t1=$(date +%s.%N)
"$BUNDLE/kh57" self-test || rc=$?
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" \
  'BEGIN { printf "start-up (kh57 --version): %.2f s; self-test: %.2f s\n", b - a, c - b }'
exit $rc
