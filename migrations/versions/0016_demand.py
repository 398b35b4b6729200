"""Demand without people: per question its day, themes, groups, areas, channel and outcome.

`demand_questions` holds no text, user, chat, message or time finer than a day;
`asked_questions.demand_id` lets "niet wat ik zocht" mark the row while the question is
kept (a day).

Revision ID: 0016_demand
Revises: 0015_feedback_sender
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_demand"
down_revision: str | None = "0015_feedback_sender"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create demand_questions and link a recent question to its row."""
    op.create_table(
        "demand_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("themes", sa.String(length=300), nullable=False),
        sa.Column("target_groups", sa.String(length=300), nullable=False),
        sa.Column("area_codes", sa.String(length=300), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_questions")),
    )
    op.create_index(op.f("ix_demand_questions_day"), "demand_questions", ["day"], unique=False)
    op.add_column("asked_questions", sa.Column("demand_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop the link and the table."""
    with op.batch_alter_table("asked_questions") as batch:
        batch.drop_column("demand_id")
    op.drop_index(op.f("ix_demand_questions_day"), table_name="demand_questions")
    op.drop_table("demand_questions")
