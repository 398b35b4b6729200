"""Organisers per wijktafel, and the audit trail of feedback-set changes.

Revision ID: 0014_feedback_organisers
Revises: 0013_handled_updates
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0014_feedback_organisers"
down_revision: str | None = "0013_handled_updates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create wijktafel_organisers and feedback_audit."""
    op.create_table(
        "wijktafel_organisers",
        sa.Column("wijktafel_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wijktafel_id"],
            ["wijktafels.id"],
            name=op.f("fk_wijktafel_organisers_wijktafel_id_wijktafels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("wijktafel_id", "user_id", name=op.f("pk_wijktafel_organisers")),
    )
    op.create_index(
        op.f("ix_wijktafel_organisers_user_id"), "wijktafel_organisers", ["user_id"], unique=False
    )
    op.create_table(
        "feedback_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("wijktafel_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_audit")),
    )
    for column in ("at", "actor_id", "wijktafel_id", "set_id"):
        op.create_index(
            op.f(f"ix_feedback_audit_{column}"), "feedback_audit", [column], unique=False
        )


def downgrade() -> None:
    """Drop both tables."""
    for column in ("at", "actor_id", "wijktafel_id", "set_id"):
        op.drop_index(op.f(f"ix_feedback_audit_{column}"), table_name="feedback_audit")
    op.drop_table("feedback_audit")
    op.drop_index(op.f("ix_wijktafel_organisers_user_id"), table_name="wijktafel_organisers")
    op.drop_table("wijktafel_organisers")
