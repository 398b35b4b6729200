"""Handled Telegram update ids, so a repeated webhook call is not answered twice.

Revision ID: 0013_handled_updates
Revises: 0012_ask_followups
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0013_handled_updates"
down_revision: str | None = "0012_ask_followups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the handled_updates table."""
    op.create_table(
        "handled_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_handled_updates")),
    )
    op.create_index(
        op.f("ix_handled_updates_claimed_at"), "handled_updates", ["claimed_at"], unique=False
    )


def downgrade() -> None:
    """Drop the handled_updates table."""
    op.drop_index(op.f("ix_handled_updates_claimed_at"), table_name="handled_updates")
    op.drop_table("handled_updates")
