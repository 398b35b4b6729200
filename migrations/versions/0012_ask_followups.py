"""Asking back: a question that lacked its area or topic waits for the missing half.

Also marks answers given around a shared place, so their buttons page that place's list.

Revision ID: 0012_ask_followups
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0012_ask_followups"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the follow-up columns to asked_questions."""
    op.add_column("asked_questions", sa.Column("mode", sa.String(length=10), nullable=True))
    op.add_column("asked_questions", sa.Column("followup", sa.String(length=10), nullable=True))
    op.add_column("asked_questions", sa.Column("followup_options", sa.Text(), nullable=True))
    op.add_column("asked_questions", sa.Column("followup_since", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Drop the follow-up columns."""
    with op.batch_alter_table("asked_questions") as batch:
        batch.drop_column("followup_since")
        batch.drop_column("followup_options")
        batch.drop_column("followup")
        batch.drop_column("mode")
