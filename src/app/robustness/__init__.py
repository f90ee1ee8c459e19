"""Shared helpers of the robustness suite (issue 8): a large-database generator.

:func:`generate_large_db` writes a realistic, large KH57 database straight
through SQL in bulk (``executemany``), bypassing the services so that 20,000
tasks and ten years of monthly reports take a minute rather than an hour. The
schema comes from the real migrations (``open_database`` runs them first), so
every screen and service reads the result exactly as it reads an officer's
data. The bench (``bench/gen_large.py``) builds the full size; the tests build
a small one with the same code.
"""

from __future__ import annotations

from app.robustness.damage import (
    _WAL_CHILD,
    BTREE_PAGE_TYPES,
    PAGE,
    Damage,
    _flip,
    btree_pages,
    content_flips,
    crash_in_wal_mode,
    damaged_copies,
    header_field_flips,
)
from app.robustness.generate import GenStats, _fill, generate_large_db, stats_dict
from app.robustness.rows import _indicators, _progress, _results, _tasks
from app.robustness.words import (
    _DEADLINES,
    _OBJECTS,
    _PLACES,
    _STATUSES,
    _UNITS,
    _WORDS,
    _due,
    _plan_sizes,
    _task_name,
)

__all__ = [
    "BTREE_PAGE_TYPES",
    "PAGE",
    "_DEADLINES",
    "_OBJECTS",
    "_PLACES",
    "_STATUSES",
    "_UNITS",
    "_WAL_CHILD",
    "_WORDS",
    "Damage",
    "GenStats",
    "_due",
    "_fill",
    "_flip",
    "_indicators",
    "_plan_sizes",
    "_progress",
    "_results",
    "_task_name",
    "_tasks",
    "btree_pages",
    "content_flips",
    "crash_in_wal_mode",
    "damaged_copies",
    "generate_large_db",
    "header_field_flips",
    "stats_dict",
]
