"""Recent questions (for paging) and missed questions (for coordinators, anonymous).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the question tables."""
    op.create_table(
        "asked_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("query", sa.String(length=500), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("awaiting_word_since", UTCDateTime(), nullable=True),
        sa.Column("missed_question_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asked_questions")),
    )
    op.create_index(op.f("ix_asked_questions_user_id"), "asked_questions", ["user_id"])
    op.create_index(op.f("ix_asked_questions_asked_at"), "asked_questions", ["asked_at"])
    op.create_table(
        "missed_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("query", sa.String(length=500), nullable=False),
        sa.Column("missing", sa.String(length=60), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missed_questions")),
    )
    op.create_index(op.f("ix_missed_questions_created_at"), "missed_questions", ["created_at"])


def downgrade() -> None:
    """Drop the question tables."""
    op.drop_table("missed_questions")
    op.drop_table("asked_questions")
