"""Use cases: one function per use case, one transaction each, plain data out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    """Which kinds of rows a use case changed; the UI refreshes only those views."""

    plans: bool = False
    tasks: bool = False
    indicators: bool = False
    units: bool = False
    profile: bool = False
    reports: bool = False
    outbox: bool = False
    inbox: bool = False
    extra: tuple[str, ...] = field(default=())
