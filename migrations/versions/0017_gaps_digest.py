"""The monthly gaps digest: who follows which areas, and digests sent to wijktafels.

`digest_areas` holds only a coordinator's user id and an area code; `wijktafel_digests`
says whose daily broadcast cap a "cijfersoep" to a wijktafel's subscribers counted against.

Revision ID: 0017_gaps_digest
Revises: 0016_demand
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0017_gaps_digest"
down_revision: str | None = "0016_demand"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create both tables."""
    op.create_table(
        "digest_areas",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "area_code", name=op.f("pk_digest_areas")),
    )
    op.create_table(
        "wijktafel_digests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wijktafel_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("sent_by", sa.BigInteger(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wijktafel_id"],
            ["wijktafels.id"],
            name=op.f("fk_wijktafel_digests_wijktafel_id_wijktafels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wijktafel_digests")),
    )
    op.create_index(
        op.f("ix_wijktafel_digests_wijktafel_id"), "wijktafel_digests", ["wijktafel_id"]
    )
    op.create_index(op.f("ix_wijktafel_digests_sent_by"), "wijktafel_digests", ["sent_by"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index(op.f("ix_wijktafel_digests_sent_by"), table_name="wijktafel_digests")
    op.drop_index(op.f("ix_wijktafel_digests_wijktafel_id"), table_name="wijktafel_digests")
    op.drop_table("wijktafel_digests")
    op.drop_table("digest_areas")
