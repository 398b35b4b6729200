"""Meeting details (agenda, online link, map location) and meeting drafts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the meeting detail columns and the meeting_drafts table."""
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("agenda", sa.Text(), nullable=True))
        batch.add_column(sa.Column("online_url", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
    op.create_table(
        "meeting_drafts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_meeting_drafts")),
    )
    op.create_index(op.f("ix_meeting_drafts_updated_at"), "meeting_drafts", ["updated_at"])


def downgrade() -> None:
    """Drop the meeting_drafts table and the meeting detail columns."""
    op.drop_index(op.f("ix_meeting_drafts_updated_at"), table_name="meeting_drafts")
    op.drop_table("meeting_drafts")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("longitude")
        batch.drop_column("latitude")
        batch.drop_column("online_url")
        batch.drop_column("agenda")
