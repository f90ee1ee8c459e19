"""The e-mail outbox against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.bundle import verify_bundle
from app.db import Database
from app.errors import MailError, ValidationError
from app.mailer import SmtpSettings
from app.models.submission import OutboxItem, Submission
from app.services import outbox
from app.services.outbox import (
    list_outbox,
    queue_email,
    retry_failed,
    send_due,
    write_item_eml,
)
from sending_support import SENDER, Handler, free_port, make_report, smtp_server, smtp_settings

TO = ["skhcn@example.vn", "vanphong.tinhuy@example.vn"]
NOW = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(hours=1)
CHILD = Path(__file__).with_name("outbox_child.py")


@pytest.fixture
def report_id(db: Database) -> int:
    return make_report(db)


def item(db: Database, item_id: int) -> OutboxItem:
    with db.read() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None
        return row


def counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        items = s.scalar(select(func.count()).select_from(OutboxItem))
        subs = s.scalar(select(func.count()).select_from(Submission))
        return int(items or 0), int(subs or 0)


# --------------------------------------------------------------------------- queueing


def test_queue_puts_the_bundle_and_a_vietnamese_message_in_the_outbox(
    db: Database, report_id: int
) -> None:
    item_id = queue_email(db, report_id, TO)
    row = item(db, item_id)
    assert (row.state, row.attempts, row.recipients) == ("pending", 0, TO)
    assert "Tam Chung" in row.subject and "tháng 9/2025" in row.subject
    assert "Kính gửi" in row.body and "Thanh Hoá" in row.body and "112/KH-UBND" in row.body
    assert re.fullmatch(r"<kh57\.[0-9a-f-]+\.[0-9a-f]{12}@[a-z0-9.-]+>", row.message_id)
    verified = verify_bundle(row.attachment)
    assert row.attachment_name == "KH57_Tam-Chung_2025-09_r1.kh57"
    with db.read() as s:
        sub = s.scalars(select(Submission)).one()
        assert (sub.channel, sub.bundle_id, sub.id) == (
            "email",
            verified.bundle_id,
            row.submission_id,
        )
    assert [r.state_label for r in list_outbox(db)] == ["Chờ gửi"]


def test_queue_and_submission_are_one_transaction(
    db: Database, report_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kw: object) -> str:
        raise RuntimeError("power cut between the two writes")

    monkeypatch.setattr(outbox, "make_message_id", broken)
    with pytest.raises(RuntimeError):
        queue_email(db, report_id, TO)
    assert counts(db) == (0, 0)


def test_wrong_address_is_refused_before_anything_is_stored(db: Database, report_id: int) -> None:
    with pytest.raises(ValidationError, match="chưa đúng"):
        queue_email(db, report_id, ["không phải địa chỉ"])
    with pytest.raises(ValidationError, match="Chưa chọn nơi nhận"):
        queue_email(db, report_id, [])
    assert counts(db) == (0, 0)


# --------------------------------------------------------------------------- sending


def test_sent_once_with_bundle_attached(db: Database, report_id: int) -> None:
    item_id = queue_email(db, report_id, TO)
    handler = Handler()
    with smtp_server(handler) as port:
        report = send_due(db, smtp_settings(port), None, NOW)
        again = send_due(db, smtp_settings(port), None, NOW + timedelta(hours=1))
    assert report.sent == [item_id] and again.sent == []
    assert len(handler.received) == 1
    got = handler.received[0]
    row = item(db, item_id)
    assert (row.state, row.sent_at, row.last_error) == ("sent", NOW, "")
    assert got.message_id == row.message_id and sorted(got.rcpt_tos) == sorted(TO)
    parts = list(got.message.iter_attachments())
    assert parts[0].get_filename() == row.attachment_name
    assert parts[0].get_content() == row.attachment
    assert "Tam Chung" in str(got.message["Subject"])
    assert [r.state_label for r in list_outbox(db)] == ["Đã gửi"]


def test_temporary_failure_backs_off_then_sends(db: Database, report_id: int) -> None:
    item_id = queue_email(db, report_id, TO)
    handler = Handler(data=["451 4.3.0 Mailbox busy, try later"])
    with smtp_server(handler) as port:
        first = send_due(db, smtp_settings(port), None, NOW)
        row = item(db, item_id)
        assert first.retry_later == [item_id] and not first.offline
        assert (row.state, row.attempts) == ("pending", 1)
        assert row.next_attempt_at == NOW + timedelta(minutes=1)
        assert "451" in row.last_error
        early = send_due(db, smtp_settings(port), None, NOW + timedelta(seconds=30))
        assert early.sent == [] and handler.received == []
        later = send_due(db, smtp_settings(port), None, NOW + timedelta(seconds=61))
    assert later.sent == [item_id] and len(handler.received) == 1
    assert item(db, item_id).state == "sent"


def test_unreachable_server_keeps_everything_pending(db: Database, report_id: int) -> None:
    ids = [queue_email(db, report_id, TO) for _ in range(2)]
    report = send_due(db, smtp_settings(free_port()), None, NOW)  # nobody listens
    assert report.offline and report.retry_later == [ids[0]]
    assert (item(db, ids[0]).state, item(db, ids[0]).attempts) == ("pending", 1)
    assert (item(db, ids[1]).state, item(db, ids[1]).attempts) == ("pending", 0)


def test_permanent_failure_shows_the_reason_and_can_be_sent_again(
    db: Database, report_id: int
) -> None:
    item_id = queue_email(db, report_id, TO)
    handler = Handler(data=["550 5.7.1 Message rejected by policy"])
    with smtp_server(handler) as port:
        report = send_due(db, smtp_settings(port), None, NOW)
        row = item(db, item_id)
        assert report.failed == [item_id]
        assert row.state == "failed" and "550" in row.last_error and "policy" in row.last_error
        assert list_outbox(db)[0].state_label == "Lỗi"
        assert send_due(db, smtp_settings(port), None, NOW + timedelta(days=1)).sent == []
        retry_failed(db, item_id)
        resent = send_due(db, smtp_settings(port), None, datetime.now(UTC) + timedelta(seconds=1))
    assert resent.sent == [item_id] and len(handler.received) == 1
    assert handler.received[0].message_id == row.message_id


def test_item_left_sending_is_resent_with_the_same_message_id(db: Database, report_id: int) -> None:
    item_id = queue_email(db, report_id, TO)
    with db.begin() as s:  # the program was killed during the SMTP call
        s.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(state="sending"))
    assert list_outbox(db)[0].state_label == "Đang gửi"
    handler = Handler()
    with smtp_server(handler) as port:
        report = send_due(db, smtp_settings(port), None, NOW)
    assert report.resumed == [item_id] and report.sent == [item_id]
    assert [r.message_id for r in handler.received] == [item(db, item_id).message_id]


def test_a_second_sender_waits_while_one_holds_the_lock(db: Database, report_id: int) -> None:
    queue_email(db, report_id, TO)
    with outbox._sender_lock(db) as held:
        assert held
        report = send_due(db, smtp_settings(free_port()), None, NOW)
    assert report.busy and report.sent == [] and item(db, 1).state == "pending"


def test_missing_password_touches_nothing(db: Database, report_id: int) -> None:
    queue_email(db, report_id, TO)
    settings = SmtpSettings(
        host="127.0.0.1", port=25, security="none", username="vanthu", sender=SENDER
    )
    with pytest.raises(MailError, match="mật khẩu"):
        send_due(db, settings, None, NOW)
    assert item(db, 1).state == "pending"


def test_eml_draft_of_a_queued_item(db: Database, report_id: int, tmp_path: Path) -> None:
    item_id = queue_email(db, report_id, TO)
    path = write_item_eml(db, item_id, tmp_path, sender=SENDER)
    assert path.suffix == ".eml"
    text = path.read_bytes()
    assert b"X-Unsent: 1" in text and item(db, item_id).message_id.encode() in text


# --------------------------------------------------------------------------- crashes


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("kill_after", [0.15, 0.55, 0.95, 1.6])
def test_killed_sender_loses_nothing_and_doubles_only_in_the_smtp_window(
    db: Database, report_id: int, kill_after: float
) -> None:
    ids = [queue_email(db, report_id, TO) for _ in range(4)]
    handler = Handler(delay=0.3)
    with smtp_server(handler) as port:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(db.path), str(port)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "start"
        try:
            child.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        received = [r.message_id for r in handler.received]
        at_kill = {i: item(db, i) for i in ids}
        for row in at_kill.values():
            assert row.state in ("pending", "sending", "sent")
            n = received.count(row.message_id)
            assert n == {"pending": 0, "sending": n if n <= 1 else -1, "sent": 1}[row.state]
        assert sum(1 for r in at_kill.values() if r.state == "sending") <= 1
        report = send_due(db, smtp_settings(port), None, datetime.now(UTC))  # restart
    final = [r.message_id for r in handler.received]
    for i, row in at_kill.items():
        assert item(db, i).state == "sent"  # never lost
        expected = 2 if row.state == "sending" and received.count(row.message_id) else 1
        assert final.count(row.message_id) == expected  # doubled only in the SMTP window
    assert sorted(report.sent) == sorted(i for i, r in at_kill.items() if r.state != "sent")
