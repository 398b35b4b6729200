"""A shared location kept half an hour in the database, so any web process can use it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the shared_places table."""
    op.create_table(
        "shared_places",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("shared_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_shared_places")),
    )
    op.create_index(
        op.f("ix_shared_places_shared_at"), "shared_places", ["shared_at"], unique=False
    )


def downgrade() -> None:
    """Drop the shared_places table."""
    op.drop_index(op.f("ix_shared_places_shared_at"), table_name="shared_places")
    op.drop_table("shared_places")
