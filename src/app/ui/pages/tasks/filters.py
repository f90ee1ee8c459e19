"""The filters of the Nhiệm vụ screen: choices and the row predicate they make."""

from __future__ import annotations

from collections.abc import Callable

from app.ui.pages.tasks.model import TaskLine, TasksModel

KIND_FILTERS = (
    ("once", "Một lần"),
    ("monthly", "Hằng tháng"),
    ("quarterly", "Hằng quý"),
    ("yearly", "Hằng năm"),
    ("continuous", "Thường xuyên"),
    ("conditional", "Có điều kiện"),
    ("done", "Đã hoàn thành"),
    ("unknown", "Chưa đọc được"),
)
DUE_FILTERS = (("all", "Mọi thời hạn"), ("overdue", "Quá hạn"), ("soon", "Sắp đến hạn (30 ngày)"))


def task_filter(
    model: TasksModel,
    words: list[str],
    unit: str | None,
    due: str,
    picks: tuple[str | None, str | None, str | None],
) -> Callable[[int], bool]:
    """Which source rows of *model* the filters let through: tasks matching every
    filter and the search *words*, and the title rows of the groups they are in."""
    today = model.today
    group, kind, status = picks

    def task_ok(line: TaskLine) -> bool:
        if unit is not None and unit not in line.lead_keys:
            return False
        if group is not None and line.row.group != group:
            return False
        if kind is not None and line.row.deadline_kind != kind:
            return False
        if status is not None and line.row.status != status:
            return False
        if due == "overdue" and not line.overdue(today):
            return False
        if due == "soon" and not line.due_soon(today):
            return False
        return all(w in line.haystack for w in words)

    shown_groups = {ln.row.group for ln in model.data_set.lines if task_ok(ln)}

    def accept(row: int) -> bool:
        line = model.line_at(row)
        if line is None:
            return model.entries[row].label in shown_groups  # type: ignore[union-attr]
        return task_ok(line)

    return accept
