"""Work off the UI thread: ``DbOp(parent, fn).success(cb).failure(cb).run()``.

Database work runs on one serial worker (SQLite has one writer); the result
comes back to the UI thread through a queued signal. Work that waits on the
network and never touches the database (a mail-server check) runs on its own
lane, ``DbOp(parent, fn, lane="network")``, so a dead server cannot hold the
database worker for its time-outs. Tests set ``DbOp.inline = True`` to run
operations synchronously.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Signal

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kh57-db")
_network = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kh57-net")
_LANES = {"db": _executor, "network": _network}


class _Relay(QObject):
    done = Signal(object, object)  # result, exception


class DbOp:
    inline: ClassVar[bool] = False
    _alive: ClassVar[set[DbOp]] = set()

    def __init__(self, parent: QObject | None, fn: Callable[[], Any], *, lane: str = "db") -> None:
        self._fn = fn
        self._lane = _LANES[lane]
        self._parent = parent
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._relay = _Relay()
        self._relay.done.connect(self._finish)

    @classmethod
    def wait_idle(cls, timeout: float = 10.0) -> bool:
        """Process events until every running operation has delivered (screenshots, tests)."""
        import time

        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout
        while cls._alive and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        QCoreApplication.processEvents()
        return not cls._alive

    def success(self, cb: Callable[[Any], None]) -> DbOp:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> DbOp:
        self._on_failure = cb
        return self

    def run(self) -> None:
        if self.inline:
            self._finish(*self._call())
            return
        DbOp._alive.add(self)
        self._lane.submit(lambda: self._relay.done.emit(*self._call()))

    def _call(self) -> tuple[Any, BaseException | None]:
        try:
            return self._fn(), None
        except BaseException as exc:  # delivered to the failure callback
            return None, exc

    def _finish(self, result: Any, exc: BaseException | None) -> None:
        DbOp._alive.discard(self)
        if exc is None:
            if self._on_success is not None:
                self._on_success(result)
            return
        if self._on_failure is not None:
            self._on_failure(exc)
            return
        from app.ui.errors import show_error

        parent = self._parent if hasattr(self._parent, "isWidgetType") else None
        show_error(parent, exc)  # type: ignore[arg-type]
