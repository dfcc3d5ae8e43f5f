"""Three more kinds of push: a focus session's "still studying?", the capstone question and the
completion summary.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("daily", "snooze", "recap", "milestone")
NEW_KINDS = (*OLD_KINDS, "timer", "capstone", "finish")
CHECK = "ck_deliveries_delivery_kind"


def _allowed(values: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.create_check_constraint(op.f(CHECK), _allowed(NEW_KINDS))


def downgrade() -> None:
    kinds = ", ".join(f"'{k}'" for k in NEW_KINDS[len(OLD_KINDS) :])
    op.execute(f"DELETE FROM deliveries WHERE kind IN ({kinds})")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.create_check_constraint(op.f(CHECK), _allowed(OLD_KINDS))
