"""A week's layout on each plan segment: the free weekday and the long session's.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_segments") as batch:
        batch.add_column(
            sa.Column("free_weekday", sa.SmallInteger(), nullable=False, server_default="4")
        )
        batch.add_column(
            sa.Column("long_weekday", sa.SmallInteger(), nullable=False, server_default="5")
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_segments") as batch:
        batch.drop_column("long_weekday")
        batch.drop_column("free_weekday")
