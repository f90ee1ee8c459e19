"""Plan order: the rows of a plan (tasks, indicators, their groups) by position."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

R = TypeVar("R")


def in_plan_order(s: Session, model: type[R], plan_id: int, *, renumber: bool = True) -> list[R]:
    """The plan's rows of *model* in plan order (position, then id); with *renumber* their
    positions become 0, 1, 2 … inside the caller's transaction (not committed)."""
    table: Any = model
    query = select(table).where(table.plan_id == plan_id).order_by(table.position, table.id)
    rows: list[Any] = list(s.scalars(query))
    if renumber:
        for i, row in enumerate(rows):
            row.position = i
    return rows
