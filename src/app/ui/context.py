"""What every screen shares: the open database and the change signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.db import Database
from app.services import Changes


class AppContext(QObject):
    """``changed`` carries a ``Changes`` after every successful use case."""

    changed = Signal(object)

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.dirty = False
        self.changed.connect(self._mark_dirty)

    def _mark_dirty(self, _changes: Changes) -> None:
        self.dirty = True
