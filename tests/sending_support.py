"""Shared by the sending tests: a real report in a fresh database, a loopback SMTP server."""

from __future__ import annotations

import asyncio
import email
import email.policy
import io
import socket
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from app.db import Database
from app.mailer import SmtpSettings
from app.models import Plan
from app.services.commune import ProfileData, save_profile
from app.services.plan_import import import_plan_file
from app.services.reports import compile_report

SAMPLES = Path(__file__).parent / "data" / "samples"
HOST = "127.0.0.1"
SENDER = "vanthu.tamchung@example.vn"


def make_report(
    db: Database,
    *,
    sample: str = "tam-chung",
    commune: str = "Tam Chung",
    province: str = "Thanh Hoá",
    plan_number: str = "112/KH-UBND",
    period: str = "2025-09",
) -> int:
    """Import a sample plan, set the profile and plan number, compile a report; its id."""
    result = import_plan_file(db, SAMPLES / f"{sample}.xlsx", commune=commune)
    save_profile(db, ProfileData(name=commune, province=province))
    with db.begin() as s:
        plan = s.get(Plan, result.plan_id)
        assert plan is not None
        plan.number = plan_number
    return compile_report(db, plan_id=result.plan_id, period_key=period).report_id


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        msg = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"]).strip()


class Handler:
    """Records messages; DATA replies come from a scripted list (empty → 250)."""

    def __init__(self, *, data: list[str] | None = None, delay: float = 0.0) -> None:
        self.received: list[Received] = []
        self.data_replies = list(data or [])
        self.delay = delay

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self.data_replies.pop(0) if self.data_replies else "250 Message accepted"
        if reply.startswith("250"):
            self.received.append(Received(list(envelope.rcpt_tos), envelope.content))
        if self.delay:  # the server has the message; its "250" comes later (SMTP's window)
            await asyncio.sleep(self.delay)
        return reply


@contextmanager
def smtp_server(handler: Handler) -> Iterator[int]:
    port = free_port()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def smtp_settings(port: int) -> SmtpSettings:
    return SmtpSettings(
        host=HOST, port=port, security="none", username=None, sender=SENDER, timeout=5.0
    )


def tampered(path: Path, out: Path) -> Path:
    """The same bundle with one byte of the PDF changed and the manifest left as it was."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "report.pdf":
                body = body[:-10] + b"X" + body[-9:]
            dst.writestr(info, body)
    out.write_bytes(buffer.getvalue())
    return out
