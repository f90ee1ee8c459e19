"""task_progress: index (task_id, period_end) for "latest entry per task" on large data

Revision ID: 0004
Revises: 0003

``progress_entry._latest_progress`` picks, for each task of a plan, the entry
with the greatest period_end up to a cut-off. With this index each task is
one index seek (issue 8: 2,000-task plan with ten years of monthly entries,
~120 ms → ~5 ms).
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task_progress", schema=None) as batch_op:
        batch_op.create_index("ix_task_progress_task_end", ["task_id", "period_end"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_progress", schema=None) as batch_op:
        batch_op.drop_index("ix_task_progress_task_end")
