"""Feedback rounds to all subscribers count against their sender's daily broadcast cap.

`feedback_sets.sender_id`: who last changed the set (and so answers for what it sends);
`feedback_rounds.sent_by`: whose cap a round to all subscribers counted against.

Revision ID: 0015_feedback_sender
Revises: 0014_feedback_organisers
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_feedback_sender"
down_revision: str | None = "0014_feedback_organisers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add both columns; a set's sender so far is the person who made it."""
    op.add_column("feedback_sets", sa.Column("sender_id", sa.BigInteger(), nullable=True))
    op.execute("UPDATE feedback_sets SET sender_id = created_by")
    op.add_column("feedback_rounds", sa.Column("sent_by", sa.BigInteger(), nullable=True))
    op.create_index(
        op.f("ix_feedback_rounds_sent_by"), "feedback_rounds", ["sent_by"], unique=False
    )


def downgrade() -> None:
    """Drop both columns."""
    op.drop_index(op.f("ix_feedback_rounds_sent_by"), table_name="feedback_rounds")
    with op.batch_alter_table("feedback_rounds") as batch:
        batch.drop_column("sent_by")
    with op.batch_alter_table("feedback_sets") as batch:
        batch.drop_column("sender_id")
