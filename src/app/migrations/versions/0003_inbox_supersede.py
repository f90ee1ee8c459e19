"""inbox: province, packing time and which newer revision supersedes a bundle

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_bundle", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("province", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("packed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_inbox_bundle_superseded_by_id_inbox_bundle"),
            "inbox_bundle",
            ["superseded_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            batch_op.f("ix_inbox_bundle_period_key"), ["period_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("inbox_bundle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_bundle_period_key"))
        batch_op.drop_constraint(
            batch_op.f("fk_inbox_bundle_superseded_by_id_inbox_bundle"), type_="foreignkey"
        )
        batch_op.drop_column("superseded_by_id")
        batch_op.drop_column("packed_at")
        batch_op.drop_column("province")
