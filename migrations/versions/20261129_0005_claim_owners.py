"""Claims with an owner and a lease, the parts of a push that arrived, and the broadcast
limit's timeline shared by every sender.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=64)))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
        batch.add_column(
            sa.Column("parts_sent", sa.SmallInteger(), nullable=False, server_default="0")
        )
    # A claim left by an older version has no lease: the next tick may take it again.
    op.create_table(
        "send_timeline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_send_timeline")),
    )


def downgrade() -> None:
    op.drop_table("send_timeline")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("parts_sent")
        batch.drop_column("lease_until")
        batch.drop_column("claimed_by")
