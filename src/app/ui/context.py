"""What every screen shares: the open database and the change signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.db import Database
from app.services import Changes


class AppContext(QObject):
    """``changed`` carries a ``Changes`` after every successful use case."""

    changed = Signal(object)
    plan_selected = Signal(int)
    """The plan the officer works on changed (emitted by ``select_plan``)."""
    navigate = Signal(str)
    """Ask the main window to show a screen by its title."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.dirty = False
        self.current_plan_id: int | None = None
        self.changed.connect(self._mark_dirty)

    def select_plan(self, plan_id: int) -> None:
        if plan_id != self.current_plan_id:
            self.current_plan_id = plan_id
            self.plan_selected.emit(plan_id)

    def _mark_dirty(self, _changes: Changes) -> None:
        self.dirty = True
