"""The background e-mail sender: every minute and on demand, off the UI thread.

SMTP can take tens of seconds, so sending runs on its own single thread, not
on the database worker that keeps the screens responsive. ``send_due`` holds
the outbox lock while it runs, so a second KH57 window never sends the same
message. Tests set ``DbOp.inline = True``: sending then runs synchronously.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.db import Database
from app.services import Changes
from app.services.outbox import SendReport, due_count, send_due
from app.ui.context import AppContext
from app.ui.ops import DbOp

INTERVAL_MS = 60_000
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kh57-mail")


def send_once(db: Database) -> SendReport | None:
    """Send what is due with the saved settings; None when there is nothing to do."""
    from app.mailer import get_password, make_ssl_context
    from app.services.mail_settings import load_mail_settings

    now = datetime.now(UTC)
    if due_count(db, now) == 0:
        return None
    settings = load_mail_settings(db)
    if not settings.configured:
        return None
    password = get_password(settings.keyring_account) if settings.username else None
    context = make_ssl_context(settings.trusted_cert_pem) if settings.trusted_cert_pem else None
    return send_due(db, settings.smtp(), password, now, ssl_context=context)


class OutboxWorker(QObject):
    """``finished`` carries the SendReport, None (nothing to do) or the exception."""

    finished = Signal(object)
    _relay = Signal(object, object)

    def __init__(self, ctx: AppContext, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.running = False
        self.last: Any = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.send_now)
        self._relay.connect(self._done)

    def start(self) -> None:
        if not self.timer.isActive():
            self.timer.start()
            QTimer.singleShot(1500, self.send_now)  # items left from the last session

    def send_now(self) -> None:
        if self.running:
            return
        self.running = True
        db = self.ctx.db

        def call() -> tuple[Any, BaseException | None]:
            try:
                return send_once(db), None
            except Exception as exc:  # delivered to the page, shown in its status line
                return None, exc

        if DbOp.inline:
            self._done(*call())
            return
        _executor.submit(lambda: self._relay.emit(*call()))

    def _done(self, result: Any, exc: BaseException | None) -> None:
        self.running = False
        self.last = exc if exc is not None else result
        if isinstance(result, SendReport) and (result.sent or result.retry_later or result.failed):
            self.ctx.changed.emit(Changes(outbox=True))
        self.finished.emit(self.last)


def outbox_worker(ctx: AppContext) -> OutboxWorker:
    """The one worker of this context (created and started on first use)."""
    worker = ctx.findChild(OutboxWorker)
    if worker is None:
        worker = OutboxWorker(ctx)
        worker.start()
    return worker
