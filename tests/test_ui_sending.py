"""Gửi báo cáo and Cài đặt screens, offscreen, with operations run inline."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from app.db import Database
from app.models.submission import OutboxItem
from app.services.inbox import import_bundle
from app.services.mail_settings import settings_path
from app.services.outbox import queue_email
from app.services.submission import export_bundle
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages import sending
from app.ui.pages.sending import Drive, SendingPage
from app.ui.pages.settings import SettingsPage
from sending_support import Handler, make_report, smtp_server

SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Operations run synchronously; the credential store is a dictionary."""
    monkeypatch.setattr(DbOp, "inline", True)
    store: dict[str, str] = {}
    monkeypatch.setattr("app.mailer.get_password", store.get)
    monkeypatch.setattr("app.mailer.set_password", store.__setitem__)
    return store


@pytest.fixture
def ctx(db: Database) -> AppContext:
    make_report(db)
    return AppContext(db)


def shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.resize(1100, 720)
    widget.show()
    QApplication.processEvents()
    assert widget.grab().save(str(SHOTS / name))


def write_mail_settings(db: Database, port: int) -> None:
    settings_path(db).write_text(
        json.dumps(
            {
                "host": "127.0.0.1",
                "port": port,
                "security": "none",
                "sender": "vanthu.tamchung@example.vn",
                "bodies": [{"name": "Sở KH&CN", "addresses": ["skhcn@example.vn"]}],
            }
        ),
        encoding="utf-8",
    )


def test_save_to_folder_shows_success(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = SendingPage(ctx)
    qtbot.addWidget(page)
    assert page.outgoing.reports.rowCount() == 1
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getExistingDirectory", lambda *a, **k: str(tmp_path)
    )
    page.outgoing.folder.click()
    assert "Đã ghi KH57_Tam-Chung_2025-09_r1.kh57" in page.outgoing.notice.text()
    assert "rút USB" not in page.outgoing.notice.text()
    assert (tmp_path / "KH57_Tam-Chung_2025-09_r1.kh57").is_file()
    row = page.outgoing.reports.rows[0]
    assert row.sent_count == 1 and row.status_label == "Đã gửi"


def test_usb_export_says_the_stick_can_be_removed(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = SendingPage(ctx)
    qtbot.addWidget(page)
    monkeypatch.setattr(sending, "removable_drives", lambda: [Drive(tmp_path, "USB (E:)")])
    page.outgoing.usb.click()
    assert "Có thể rút USB ra an toàn" in page.outgoing.notice.text()
    monkeypatch.setattr(sending, "removable_drives", lambda: [])
    page.outgoing.usb.click()
    assert "Chưa thấy USB" in page.outgoing.notice.text()


def test_outbox_table_shows_each_state_and_the_worker_sends(qtbot: Any, ctx: AppContext) -> None:
    db = ctx.db
    ids = [queue_email(db, 1, ["skhcn@example.vn"]) for _ in range(4)]
    with db.begin() as s:
        s.execute(
            update(OutboxItem)
            .where(OutboxItem.id == ids[1])
            .values(state="failed", last_error="Máy chủ thư từ chối thư (550 policy).")
        )
        s.execute(
            update(OutboxItem)
            .where(OutboxItem.id == ids[2])
            .values(
                attempts=2,
                next_attempt_at=datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=2),
            )
        )
        s.execute(update(OutboxItem).where(OutboxItem.id == ids[3]).values(state="sending"))
    page = SendingPage(ctx)
    qtbot.addWidget(page)
    labels = {r.id: r.state_label for r in page.outgoing.outbox.rows}
    assert labels == {ids[0]: "Chờ gửi", ids[1]: "Lỗi", ids[2]: "Chờ gửi", ids[3]: "Đang gửi"}
    shot(page, "sending-outbox.png")

    handler = Handler()
    with smtp_server(handler) as port:
        write_mail_settings(db, port)
        page.outgoing.send_now.click()
    labels = {r.id: r.state_label for r in page.outgoing.outbox.rows}
    assert labels == {ids[0]: "Đã gửi", ids[1]: "Lỗi", ids[2]: "Chờ gửi", ids[3]: "Đã gửi"}
    assert len(handler.received) == 2
    assert "Vừa gửi 2 thư" in page.outgoing.mail_status.text()


def test_inbox_tab_lists_communes_and_periods(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    path = export_bundle(ctx.db, 1, tmp_path).path
    import_bundle(ctx.db, path)
    page = SendingPage(ctx)
    qtbot.addWidget(page)
    grid = page.inbox.model
    assert grid.communes == ["Tam Chung (Thanh Hoá)"] and grid.periods == [
        ("2025-09", "Tháng 9/2025")
    ]
    assert str(grid.data(grid.index(0, 0))).startswith("Lần 1")
    page.inbox.import_paths([tmp_path])
    assert "0 gói, 1 gói đã có từ trước, 0 tệp bị từ chối" in page.inbox.result.text()
    page.tabs.setCurrentIndex(1)
    shot(page, "sending-inbox.png")


def test_settings_page_saves_mail_settings_and_keeps_password_out_of_the_file(
    qtbot: Any, ctx: AppContext, _inline_ops: dict[str, str]
) -> None:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert "Tam Chung" in page.profile_text.text()
    page.host.setText("smtp.example.vn")
    page.security.setCurrentIndex(page.security.findData("ssl"))
    assert page.port.value() == 465
    page.username.setText("vanthu.tamchung@example.vn")
    page.password.setText("mật-khẩu-bí-mật")
    page.sender_edit.setText("vanthu.tamchung@example.vn")
    page.bodies.setPlainText("Sở Khoa học và Công nghệ: skhcn@example.vn, vp@example.vn")
    page.on_save_mail_clicked()
    assert page.mail_note.text() == "Đã lưu cài đặt thư."
    stored = settings_path(ctx.db).read_text(encoding="utf-8")
    assert "mật-khẩu" not in stored and "smtp.example.vn" in stored
    assert _inline_ops == {"vanthu.tamchung@example.vn": "mật-khẩu-bí-mật"}
    assert page.password.text() == "" and "đã lưu" in page.password.placeholderText()
    shot(page, "settings.png")
