"""The plan as segments: a pace from a plan week on, from a roadmap position; catch-up
adjustments of a week's target. Each learner's pace becomes their first segment.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("from_week", sa.SmallInteger(), nullable=False),
        sa.Column("pace", sa.String(length=32), nullable=False),
        sa.Column("position_numerator", sa.Integer(), nullable=False),
        sa.Column("position_denominator", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_plan_segments_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_segments")),
        sa.UniqueConstraint(
            "learner_id", "from_week", name=op.f("uq_plan_segments_learner_id_from_week")
        ),
    )
    op.create_table(
        "target_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("plan_week", sa.SmallInteger(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_target_adjustments_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_adjustments")),
        sa.UniqueConstraint(
            "learner_id", "plan_week", name=op.f("uq_target_adjustments_learner_id_plan_week")
        ),
    )
    # Every learner so far had one pace for the whole plan: their first and only segment.
    op.execute(
        "INSERT INTO plan_segments (learner_id, from_week, pace, position_numerator, "
        "position_denominator) SELECT id, 1, pace, 0, 1 FROM learners"
    )
    with op.batch_alter_table("learners") as batch:
        batch.drop_column("pace")


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.add_column(
            sa.Column("pace", sa.String(length=32), nullable=False, server_default="standard")
        )
    op.execute(
        "UPDATE learners SET pace = (SELECT s.pace FROM plan_segments s "
        "WHERE s.learner_id = learners.id ORDER BY s.from_week DESC LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM plan_segments s WHERE s.learner_id = learners.id)"
    )
    op.drop_table("target_adjustments")
    op.drop_table("plan_segments")
