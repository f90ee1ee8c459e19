"""report: snapshot frozen at lock; report_revision: why and what each correction changed

Revision ID: 0005
Revises: 0004

A locked (Đã chốt) or sent (Đã gửi) report is read from ``report.snapshot``
(JSON, ``app.services.report_history``) so that progress entered afterwards
does not alter it. Unlocking one records a ``report_revision`` row. Reports
marked "issued" (the earlier word for "Đã gửi") become "sent". Reports locked
before this revision have no snapshot and keep following the data until they
are locked again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot", sa.Text(), nullable=True))
    op.execute("UPDATE report SET status = 'sent' WHERE status = 'issued'")
    op.create_table(
        "report_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_revision_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_revision")),
        sa.UniqueConstraint("report_id", "revision", name=op.f("uq_report_revision_report_id")),
    )
    with op.batch_alter_table("report_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_revision_report_id"), ["report_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("report_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_revision_report_id"))
    op.drop_table("report_revision")
    op.execute("UPDATE report SET status = 'issued' WHERE status = 'sent'")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("snapshot")
