"""The portfolio and the goals: a link on each project answer, the learner's capstone choice,
and the goals they ticked.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows carry over as they are: no link yet, no capstone chosen yet.
    with op.batch_alter_table("project_answers") as batch:
        batch.add_column(sa.Column("link", sa.Text(), nullable=True))
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("capstone", sa.String(length=200), nullable=True))
    op.create_table(
        "goal_ticks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("roadmap_week", sa.SmallInteger(), nullable=False),
        sa.Column("goal", sa.SmallInteger(), nullable=False),
        sa.Column("ticked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_goal_ticks_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_ticks")),
        sa.UniqueConstraint(
            "learner_id",
            "roadmap_week",
            "goal",
            name=op.f("uq_goal_ticks_learner_id_roadmap_week_goal"),
        ),
    )


def downgrade() -> None:
    op.drop_table("goal_ticks")
    with op.batch_alter_table("learners") as batch:
        batch.drop_column("capstone")
    with op.batch_alter_table("project_answers") as batch:
        batch.drop_column("link")
