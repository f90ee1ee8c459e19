"""Gửi báo cáo counts an e-mail as sent only once the server accepted it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.db import Database
from app.services.outbox import queue_email, send_due
from app.services.submission import export_bundle, list_sendable
from sending_support import Handler, make_report, smtp_server, smtp_settings

TO = ["skhcn@example.vn"]


def _row(db: Database, report_id: int):  # type: ignore[no-untyped-def]
    return next(r for r in list_sendable(db) if r.report_id == report_id)


def test_a_queued_or_refused_mail_is_not_counted_as_sent(db: Database, tmp_path: Path) -> None:
    report_id = make_report(db)
    queue_email(db, report_id, TO)
    row = _row(db, report_id)
    assert (row.sent_count, row.last_sent) == (0, "thư điện tử chờ gửi")

    now = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=1)
    with smtp_server(Handler(data=["550 5.7.1 Message rejected by policy"])) as port:
        assert send_due(db, smtp_settings(port), None, now).failed
    row = _row(db, report_id)
    assert (row.sent_count, row.last_sent) == (0, "thư điện tử lỗi, xem Hộp thư đi")

    usb = tmp_path / "usb"
    usb.mkdir()
    export_bundle(db, report_id, usb, channel="usb")  # after the refused mail: it arrived
    row = _row(db, report_id)
    assert row.sent_count == 1 and row.last_sent.startswith("USB ")
    assert "thư điện tử" not in row.last_sent

    item_id = queue_email(db, report_id, TO)
    assert _row(db, report_id).last_sent.endswith(" · thư điện tử chờ gửi")
    handler = Handler()
    with smtp_server(handler) as port:
        later = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=1)
        assert send_due(db, smtp_settings(port), None, later).sent == [item_id]
    row = _row(db, report_id)
    assert row.sent_count == 2 and row.last_sent.startswith("Thư điện tử ")
    assert len(handler.received) == 1
