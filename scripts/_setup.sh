# Shared by scripts/run and scripts/test: system libraries, virtual environment, project.
# Sourced, not executed. Sets VENV.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

need_debs=()
# grep reads the whole list (no -q): with pipefail, an early exit would SIGPIPE ldconfig
have_lib() { ldconfig -p 2>/dev/null | grep -F "$1" >/dev/null; }
if [ "$(uname -s)" = "Linux" ]; then
  for pair in "libEGL.so.1:libegl1" "libGL.so.1:libgl1" "libxkbcommon.so.0:libxkbcommon0" \
              "libfontconfig.so.1:libfontconfig1" "libdbus-1.so.3:libdbus-1-3" \
              "libxcb-cursor.so.0:libxcb-cursor0" "libxkbcommon-x11.so.0:libxkbcommon-x11-0" \
              "libnss3.so:libnss3"; do
    have_lib "${pair%%:*}" || need_debs+=("${pair##*:}")
  done
  if [ "${KH57_WANT_XCB:-0}" = 1 ]; then
    for pair in "libxcb-icccm.so.4:libxcb-icccm4" "libxcb-keysyms.so.1:libxcb-keysyms1" \
                "libxcb-image.so.0:libxcb-image0" "libxcb-render-util.so.0:libxcb-render-util0" \
                "libxcb-shape.so.0:libxcb-shape0" "libxcb-randr.so.0:libxcb-randr0" \
                "libxcb-xkb.so.1:libxcb-xkb1" "libxcb-util.so.1:libxcb-util1" \
                "libX11-xcb.so.1:libx11-xcb1"; do
      have_lib "${pair%%:*}" || need_debs+=("${pair##*:}")
    done
  fi
  if [ "${KH57_WANT_POPPLER:-0}" = 1 ] && ! command -v pdftoppm >/dev/null 2>&1; then
    need_debs+=(poppler-utils)
  fi
  if [ ${#need_debs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Cài thư viện hệ thống còn thiếu: ${need_debs[*]}"
      # a stale mirror index of one architecture must not stop the install of the others
      apt-get update -qq >/dev/null 2>&1 || echo "apt-get update báo lỗi ở một số nguồn; vẫn thử cài." >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_debs[@]}" >/dev/null
    else
      echo "Thiếu thư viện hệ thống cho Qt: ${need_debs[*]}; hãy cài bằng: sudo apt-get install ${need_debs[*]}" >&2
      exit 1
    fi
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.kh57-installed"
extras="${KH57_EXTRAS:-}"
want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)$extras"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  if [ -n "$extras" ]; then
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
  else
    "$VENV/bin/python" -m pip install -q -e "$ROOT"
  fi
  echo "$want" > "$stamp"
fi
