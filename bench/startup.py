"""Start-up to the first paint of the main window, against a bare PySide6 window.

Run: .venv/bin/python bench/startup.py [RUNS]. Prints the median of each in
milliseconds and the ratio (aim: at most 1.5). Each run is a fresh process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

# Both programs time the first paint event their main window receives (an event filter
# installed before show()): what happens after it (deferred work, 0 ms timers) is not
# counted in "painted", whatever order the timers run in.
FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    at = None
    def eventFilter(self, obj, event):
        if self.at is None and event.type() == QEvent.Type.Paint:
            self.at = (time.time() - t0) * 1000
        return False
"""

BARE = (
    """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
"""
    + FIRST_PAINT
    + """
w = QMainWindow(); first = FirstPaint(); w.installEventFilter(first); w.show()
def done():
    if first.at is None:
        QTimer.singleShot(1, done); return
    print(first.at); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""
)

KH57 = (
    """
import time, sys
t0 = float(sys.argv[1])
from pathlib import Path
from PySide6.QtCore import QTimer
from app.ui.launch import create_window, finish_startup, start_application
app = start_application()  # as launch() does: settings file, Qt in Vietnamese, icon
"""
    + FIRST_PAINT
    + """
w = create_window(); first = FirstPaint(); w.installEventFilter(first)
w.show()
def done():
    if first.at is None:
        QTimer.singleShot(1, done); return
    finish_startup(w, Path(sys.argv[2]), interactive=False)
    app.processEvents()
    print(first.at, (time.time() - t0) * 1000); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""
)


def run(code: str, *args: str) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.setdefault("KH57_DATA_DIR", tempfile.mkdtemp(prefix="kh57-startup-"))
    out = subprocess.run(
        [sys.executable, "-c", code, str(time.time()), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return [float(x) for x in out.stdout.strip().splitlines()[-1].split()]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "kh57.sqlite3")
        os.environ["KH57_DATA_DIR"] = tmp
        run(KH57, db)  # create and migrate once: measure an ordinary start
        bare = [run(BARE)[0] for _ in range(runs)]
        kh57 = [run(KH57, db) for _ in range(runs)]
    b = statistics.median(bare)
    k = statistics.median(x[0] for x in kh57)
    ready = statistics.median(x[1] for x in kh57)
    print(f"bare QMainWindow painted: {b:.0f} ms (median of {runs})")
    print(f"KH57 main window painted: {k:.0f} ms (median of {runs})")
    print(f"ratio: {k / b:.2f} (aim ≤ 1.5)")
    print(f"KH57 data attached (database open, first screen filled): {ready:.0f} ms")


if __name__ == "__main__":
    main()
