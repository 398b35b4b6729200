"""Warm introductions: a professional's request to be put in touch with an entry's owner.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the introduction requests table."""
    op.create_table(
        "intro_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("professional_id", sa.BigInteger(), nullable=True),
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=120), nullable=True),
        sa.Column("query", sa.String(length=300), nullable=True),
        sa.Column("message", sa.String(length=400), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("followup_at", UTCDateTime(), nullable=True),
        sa.Column("professional_answer", sa.String(length=8), nullable=True),
        sa.Column("owner_answer", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_requests")),
    )
    op.create_index(
        op.f("ix_intro_requests_professional_id"), "intro_requests", ["professional_id"]
    )
    op.create_index(op.f("ix_intro_requests_offer_id"), "intro_requests", ["offer_id"])
    op.create_index(op.f("ix_intro_requests_state"), "intro_requests", ["state"])
    op.create_index(op.f("ix_intro_requests_requested_at"), "intro_requests", ["requested_at"])
    op.create_index(op.f("ix_intro_requests_decided_by"), "intro_requests", ["decided_by"])


def downgrade() -> None:
    """Drop the introduction requests table."""
    op.drop_table("intro_requests")
