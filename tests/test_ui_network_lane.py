"""A mail-server check that hangs does not hold the database worker (real threads)."""

from __future__ import annotations

import socket
from typing import Any

from app.db import Database
from app.services.plans import list_plans
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.settings import SettingsPage
from test_ui_mail_check import fill


def test_database_work_goes_on_while_a_silent_server_is_checked(qtbot: Any, db: Database) -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never greets
    port = silent.getsockname()[1]
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    DbOp.wait_idle()
    fill(page, port, "starttls")
    page.on_check_mail_clicked()
    conn, _ = silent.accept()  # the check is connected and waiting for the greeting
    got: list[object] = []
    DbOp(page, lambda: list_plans(db)).success(got.append).run()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert not page.check_button.isEnabled()  # the check is still waiting on the server
    conn.close()
    silent.close()
    qtbot.waitUntil(page.check_button.isEnabled, timeout=10000)
    assert "ngắt kết nối giữa chừng" in page.mail_note.text()
