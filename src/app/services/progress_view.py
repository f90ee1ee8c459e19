"""The current status word of tasks, for lists (refined by periodic reporting)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.models import Task

NOT_STARTED = "Chưa thực hiện"
DONE = "Hoàn thành"


def current_status_texts(_s: Session, tasks: Sequence[Task]) -> dict[int, str]:
    """Status per task id: done when the plan says so, otherwise not started."""
    return {t.id: DONE if t.deadline_kind == "done" else NOT_STARTED for t in tasks}
