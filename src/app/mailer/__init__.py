"""E-mail transport and message building for sending bundles (no database here).

The outbox (owned by the services) stores what to send and calls
:func:`send_message`; this module classifies every outcome:

* success → :class:`SendResult` (recipients the server accepted and refused);
* :class:`TemporaryMailError` — no connection, DNS, timeout, the server
  dropped the line, 4xx replies: retry after :func:`next_attempt_delay`;
* :class:`PermanentMailError` — 5xx replies, wrong password, recipients
  refused, certificate not trusted: show ``server_reason`` to the officer.

TLS is always verified (``ssl.create_default_context()``, the system store),
optionally extended by a certificate the officer explicitly chose to trust
(:func:`make_ssl_context`). Plain connections (``security="none"``) are only
allowed to loopback hosts, for testing. Passwords live in the operating
system's credential store under the service name ``KH57``.

The package: ``common`` (settings, errors), ``passwords``, ``message``
(building), ``classify`` (failures) and ``send`` (the SMTP conversation).
"""

from __future__ import annotations

from app.mailer.common import (
    DEFAULT_TIMEOUT,
    FIRST_DELAY,
    KEYRING_SERVICE,
    MAX_DELAY,
    SECURITIES,
    PermanentMailError,
    Security,
    SendResult,
    SmtpSettings,
    TemporaryMailError,
    is_loopback_host,
)
from app.mailer.message import build_message, make_message_id, make_ssl_context, write_eml
from app.mailer.passwords import delete_password, get_password, set_password
from app.mailer.send import _login, next_attempt_delay, send_message

__all__ = [
    "DEFAULT_TIMEOUT",
    "FIRST_DELAY",
    "KEYRING_SERVICE",
    "MAX_DELAY",
    "SECURITIES",
    "PermanentMailError",
    "Security",
    "SendResult",
    "SmtpSettings",
    "TemporaryMailError",
    "_login",
    "build_message",
    "delete_password",
    "get_password",
    "is_loopback_host",
    "make_message_id",
    "make_ssl_context",
    "next_attempt_delay",
    "send_message",
    "set_password",
    "write_eml",
]
