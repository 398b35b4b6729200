"""Owners keep their entries current: freshness checks and co-owner invitations.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the freshness and invitation tables."""
    op.create_table(
        "offer_freshness",
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.Column("flagged_at", UTCDateTime(), nullable=True),
        sa.Column("hidden_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_freshness_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", name=op.f("pk_offer_freshness")),
    )
    op.create_index(op.f("ix_offer_freshness_asked_at"), "offer_freshness", ["asked_at"])
    op.create_table(
        "owner_invites",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_owner_invites_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_owner_invites")),
    )
    op.create_index(op.f("ix_owner_invites_offer_id"), "owner_invites", ["offer_id"])
    op.create_index(op.f("ix_owner_invites_created_by"), "owner_invites", ["created_by"])


def downgrade() -> None:
    """Drop the freshness and invitation tables."""
    op.drop_table("owner_invites")
    op.drop_table("offer_freshness")
