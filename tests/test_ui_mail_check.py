"""Cài đặt → “Kiểm tra kết nối…”: trusting a self-signed certificate, offscreen, inline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.db import Database
from app.services.mail_check import pem_fingerprint
from app.services.mail_settings import load_mail_settings
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.settings import SettingsPage
from test_mail_check import Auth, Cert, make_cert, tls_server

SENDER = "vanthu.tamchung@example.vn"


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Operations run synchronously; the credential store is a dictionary."""
    monkeypatch.setattr(DbOp, "inline", True)
    store: dict[str, str] = {}
    monkeypatch.setattr("app.mailer.get_password", store.get)
    monkeypatch.setattr("app.mailer.set_password", store.__setitem__)
    return store


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cert, Cert]:
    folder = tmp_path_factory.mktemp("ui-mail-check-tls")
    return make_cert(folder), make_cert(folder, org="Máy chủ thay thế")


class Answer:
    """Stands in for the trust question's ``exec``: records it and clicks “Có” or “Không”."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, button: str) -> None:
        self.asked: list[tuple[str, str, list[str]]] = []
        self.button = button
        monkeypatch.setattr(QMessageBox, "exec", self)

    def __get__(self, box: QMessageBox, _owner: Any) -> Any:
        return lambda: self.answer(box)

    def answer(self, box: QMessageBox) -> int:
        labels = [b.text() for b in box.buttons()]
        self.asked.append((box.text(), box.informativeText(), labels))
        assert box.defaultButton().text() == "Không"
        [chosen] = [b for b in box.buttons() if b.text() == self.button]
        chosen.click()
        return 0


def fill(page: SettingsPage, port: int, security: str, username: str = "") -> None:
    page.host.setText("127.0.0.1")
    page.security.setCurrentIndex(page.security.findData(security))
    page.port.setValue(port)
    page.username.setText(username)
    page.sender_edit.setText(SENDER)
    page.bodies.setPlainText("Sở Khoa học và Công nghệ: skhcn@example.vn")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_yes_trusts_and_saves_the_certificate_then_the_check_passes(
    qtbot: Any,
    db: Database,
    certs: tuple[Cert, Cert],
    monkeypatch: pytest.MonkeyPatch,
    _inline_ops: dict[str, str],
    security: str,
) -> None:
    first, _second = certs
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    answer = Answer(monkeypatch, "Có")
    auth = Auth()
    with tls_server(security, first, auth=auth) as port:
        fill(page, port, security, username="vanthu")
        page.password.setText("mật-khẩu")
        page.on_check_mail_clicked()
    [(title, details, labels)] = answer.asked
    assert title == "Tin cậy chứng chỉ này?" and labels == ["Có", "Không"]
    assert "Cấp cho: CN=localhost" in details and "Cấp bởi: CN=localhost" in details
    assert f"từ {first.not_before:%d/%m/%Y} đến {first.not_after:%d/%m/%Y}" in details
    assert first.sha256 in details
    stored = load_mail_settings(db)
    assert pem_fingerprint(stored.trusted_cert_pem) == first.sha256
    assert stored.port == port and stored.security == security
    assert _inline_ops == {"vanthu": "mật-khẩu"}  # the typed password went to the key store
    assert "mật-khẩu" not in Path(db.path).with_name("mail-settings.json").read_text("utf-8")
    assert "đăng nhập thành công" in page.mail_note.text()  # re-checked after trusting
    assert len(auth.attempts) == 1  # a login only over the verified connection
    assert page.check_button.isEnabled()


def test_no_keeps_the_certificate_untrusted(
    qtbot: Any, db: Database, certs: tuple[Cert, Cert], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _second = certs
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    answer = Answer(monkeypatch, "Không")
    with tls_server("starttls", first) as port:
        fill(page, port, "starttls")
        page.on_check_mail_clicked()
    assert len(answer.asked) == 1
    assert load_mail_settings(db).trusted_cert_pem == ""
    assert "Chưa tin cậy" in page.mail_note.text()
    assert page.check_button.isEnabled()


def test_a_changed_certificate_is_asked_about_again(
    qtbot: Any, db: Database, certs: tuple[Cert, Cert], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = certs
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    Answer(monkeypatch, "Có")
    with tls_server("ssl", first) as port:
        fill(page, port, "ssl")
        page.on_check_mail_clicked()
        assert "thành công" in page.mail_note.text()
        page.on_check_mail_clicked()  # trusted now: no question
    answer = Answer(monkeypatch, "Không")
    with tls_server("ssl", second) as port:
        page.port.setValue(port)
        page.on_check_mail_clicked()
    [(_title, details, _labels)] = answer.asked
    assert "KHÁC" in details and second.sha256 in details
    assert pem_fingerprint(load_mail_settings(db).trusted_cert_pem) == first.sha256


def test_wrong_settings_are_shown_before_connecting(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    shown: list[str] = []
    monkeypatch.setattr("app.ui.pages.settings.show_error", lambda _p, exc: shown.append(str(exc)))
    page.on_check_mail_clicked()
    assert shown and "máy chủ thư" in shown[0]
