"""What every screen shares: the open database and the change signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.services import Changes

if TYPE_CHECKING:
    from app.db import Database


class AppContext(QObject):
    """``changed`` carries a ``Changes`` after every successful use case."""

    changed = Signal(object)
    plan_selected = Signal(int)
    """The plan the officer works on changed (emitted by ``select_plan``)."""
    navigate = Signal(str)
    """Ask the main window to show a screen by its title."""

    def __init__(self, db: Database | None) -> None:
        super().__init__()
        self._db = db
        self.dirty = False
        self.current_plan_id: int | None = None
        self.changed.connect(self._mark_dirty)

    @property
    def db(self) -> Database:
        """The open database (screens are only built once it is attached)."""
        assert self._db is not None, "database not attached yet"
        return self._db

    @db.setter
    def db(self, value: Database) -> None:
        self._db = value

    @property
    def has_db(self) -> bool:
        return self._db is not None

    def select_plan(self, plan_id: int) -> None:
        if plan_id != self.current_plan_id:
            self.current_plan_id = plan_id
            self.plan_selected.emit(plan_id)

    def _mark_dirty(self, _changes: Changes) -> None:
        self.dirty = True
