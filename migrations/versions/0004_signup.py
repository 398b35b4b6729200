"""Sign-up drafts, the moderation queue, owners of entries and the map's audit trail.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the sign-up and moderation tables."""
    op.create_table(
        "signup_drafts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_signup_drafts")),
    )
    op.create_index(op.f("ix_signup_drafts_updated_at"), "signup_drafts", ["updated_at"])
    op.create_table(
        "offer_submissions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("offer_id", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("awaiting_action", sa.String(length=10), nullable=True),
        sa.Column("awaiting_by", sa.BigInteger(), nullable=True),
        sa.Column("awaiting_since", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_submissions")),
    )
    op.create_index(op.f("ix_offer_submissions_owner_id"), "offer_submissions", ["owner_id"])
    op.create_index(op.f("ix_offer_submissions_state"), "offer_submissions", ["state"])
    op.create_table(
        "offer_owners",
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("since", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_owners_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "user_id", name=op.f("pk_offer_owners")),
    )
    op.create_index(op.f("ix_offer_owners_user_id"), "offer_owners", ["user_id"])
    op.create_table(
        "offer_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_changes")),
    )
    op.create_index(op.f("ix_offer_changes_offer_id"), "offer_changes", ["offer_id"])
    op.create_index(op.f("ix_offer_changes_actor_id"), "offer_changes", ["actor_id"])


def downgrade() -> None:
    """Drop the sign-up and moderation tables."""
    op.drop_table("offer_changes")
    op.drop_table("offer_owners")
    op.drop_table("offer_submissions")
    op.drop_table("signup_drafts")
