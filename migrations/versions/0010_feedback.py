"""Feedback after meetings: sets of questions, rounds, invites, polls and remarks.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the feedback tables."""
    op.create_table(
        "feedback_sets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wijktafel_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=5), nullable=False),
        sa.Column("to_groups", sa.Boolean(), nullable=False),
        sa.Column("delay_minutes", sa.Integer(), nullable=False),
        sa.Column("remark", sa.Boolean(), nullable=False),
        sa.Column("remark_text", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_feedback_sets_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["wijktafel_id"],
            ["wijktafels.id"],
            name=op.f("fk_feedback_sets_wijktafel_id_wijktafels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_sets")),
    )
    with op.batch_alter_table("feedback_sets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_sets_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_sets_wijktafel_id"), ["wijktafel_id"], unique=False
        )

    op.create_table(
        "feedback_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=30), nullable=True),
        sa.Column("text", sa.String(length=300), nullable=True),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("scale", sa.Boolean(), nullable=False),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["feedback_sets.id"],
            name=op.f("fk_feedback_questions_set_id_feedback_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_questions")),
    )
    with op.batch_alter_table("feedback_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_questions_set_id"), ["set_id"], unique=False)

    op.create_table(
        "feedback_rounds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.Date(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("remark", sa.Boolean(), nullable=False),
        sa.Column("remark_text", sa.String(length=300), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("remind_at", UTCDateTime(), nullable=False),
        sa.Column("reminded", sa.Boolean(), nullable=False),
        sa.Column("close_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_feedback_rounds_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["feedback_sets.id"],
            name=op.f("fk_feedback_rounds_set_id_feedback_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_rounds")),
        sa.UniqueConstraint(
            "set_id", "meeting_id", "occurrence", name=op.f("uq_feedback_rounds_set_id")
        ),
    )
    with op.batch_alter_table("feedback_rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_rounds_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feedback_rounds_set_id"), ["set_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_rounds_state"), ["state"], unique=False)

    op.create_table(
        "feedback_invites",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("awaiting_since", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["feedback_rounds.id"],
            name=op.f("fk_feedback_invites_round_id_feedback_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_invites")),
    )
    with op.batch_alter_table("feedback_invites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_invites_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feedback_invites_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "feedback_polls",
        sa.Column("poll_id", sa.String(length=64), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("choice", sa.JSON(), nullable=True),
        sa.Column("tallies", sa.JSON(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invite_id"],
            ["feedback_invites.id"],
            name=op.f("fk_feedback_polls_invite_id_feedback_invites"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["feedback_rounds.id"],
            name=op.f("fk_feedback_polls_round_id_feedback_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("poll_id", name=op.f("pk_feedback_polls")),
    )
    with op.batch_alter_table("feedback_polls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_polls_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feedback_polls_invite_id"), ["invite_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feedback_polls_round_id"), ["round_id"], unique=False)

    op.create_table(
        "feedback_remarks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invite_id"],
            ["feedback_invites.id"],
            name=op.f("fk_feedback_remarks_invite_id_feedback_invites"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["feedback_rounds.id"],
            name=op.f("fk_feedback_remarks_round_id_feedback_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_remarks")),
    )
    with op.batch_alter_table("feedback_remarks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_remarks_invite_id"), ["invite_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_remarks_round_id"), ["round_id"], unique=False
        )


def downgrade() -> None:
    """Drop the feedback tables."""
    for table in (
        "feedback_remarks",
        "feedback_polls",
        "feedback_invites",
        "feedback_rounds",
        "feedback_questions",
        "feedback_sets",
    ):
        op.drop_table(table)
