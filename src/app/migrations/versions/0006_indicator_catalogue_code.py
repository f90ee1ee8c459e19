"""indicator: link to the standard indicator catalogue (catalogue_code, catalogue_manual)

Revision ID: 0006
Revises: 0005

``catalogue_code`` is the code of the matching entry of
``resources/catalogue/indicators.json`` ("CS-01" …), set by the import from
the indicator's name and changed by the officer; null when the indicator is
not a standard one. ``catalogue_manual`` records that the officer chose the
link (or chose "no link"), so a re-import keeps it instead of matching again.
Existing indicators start unlinked; re-importing their plan links them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("catalogue_code", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("catalogue_manual", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_catalogue_code"), ["catalogue_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_catalogue_code"))
        batch_op.drop_column("catalogue_manual")
        batch_op.drop_column("catalogue_code")
