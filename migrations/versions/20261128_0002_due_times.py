"""Due times on learners, and pending (snoozed) deliveries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUSES = ("claimed", "sent", "failed", "uncertain", "missed", "skipped")
NEW_STATUSES = ("pending", *OLD_STATUSES)
CHECK = "ck_deliveries_delivery_status"


def _allowed(values: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("next_reminder_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("next_recap_at", sa.DateTime(timezone=True)))
        batch.create_index("ix_learners_next_reminder_at", ["next_reminder_at"])
        batch.create_index("ix_learners_next_recap_at", ["next_recap_at"])
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.create_check_constraint(op.f(CHECK), _allowed(NEW_STATUSES))


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE status = 'pending'")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.create_check_constraint(op.f(CHECK), _allowed(OLD_STATUSES))
    with op.batch_alter_table("learners") as batch:
        batch.drop_index("ix_learners_next_recap_at")
        batch.drop_index("ix_learners_next_reminder_at")
        batch.drop_column("next_recap_at")
        batch.drop_column("next_reminder_at")
