"""Conversations and the audit record of each turn (the schema of the first release)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", AutoString(), nullable=False),
        sa.Column("token_hash", AutoString(), nullable=False),
        sa.Column("locale", AutoString(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_conversations_token_hash", "conversations", ["token_hash"], unique=True)
    op.create_table(
        "turns",
        sa.Column("id", AutoString(), nullable=False),
        sa.Column("conversation_id", AutoString(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("client_id", AutoString(length=128), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("lang", AutoString(), nullable=False),
        sa.Column("shopper_text", sa.Text(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("answer_frame", sa.Text(), nullable=True),
        sa.Column("intent", AutoString(), nullable=True),
        sa.Column("intent_confidence", sa.Float(), nullable=True),
        sa.Column("sources", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("responder", AutoString(), nullable=True),
        sa.Column("responder_version", AutoString(), nullable=True),
        sa.Column("embedding_model", AutoString(), nullable=True),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("flags", AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id", "client_id", name="uq_turn_client_id"),
    )
    op.create_index("ix_turns_conversation_id", "turns", ["conversation_id"])
    op.create_index("ix_turns_created_at", "turns", ["created_at"])


def downgrade() -> None:
    op.drop_table("turns")
    op.drop_table("conversations")
