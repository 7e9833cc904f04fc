"""Compliance: shoppers' data-subject requests, consent to be remembered, remembered preferences, and indexes
for the compliance search."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_requests",
        sa.Column("id", AutoString(), primary_key=True),
        sa.Column("conversation_id", AutoString(), nullable=False),
        sa.Column("customer_id", AutoString(length=128), nullable=True),
        sa.Column("kind", AutoString(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("status", AutoString(length=16), nullable=False),
        sa.Column("handled_by", AutoString(length=64), nullable=True),
        sa.Column("handled_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
    )
    op.create_index("ix_subject_requests_conversation_id", "subject_requests", ["conversation_id"])
    op.create_index("ix_subject_requests_status", "subject_requests", ["status"])
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", AutoString(), nullable=False),
        sa.Column("customer_id", AutoString(length=128), nullable=True),
        sa.Column("purpose", AutoString(length=32), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_consents_conversation_id", "consents", ["conversation_id"])
    op.create_index("ix_consents_customer_id", "consents", ["customer_id"])
    op.create_table(
        "preferences",
        sa.Column("customer_id", AutoString(length=128), primary_key=True),
        sa.Column("conversation_id", AutoString(), nullable=False),
        sa.Column("locale", AutoString(length=8), nullable=True),
        sa.Column("interests", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_preferences_conversation_id", "preferences", ["conversation_id"])
    op.create_index("ix_conversations_created_at", "conversations", ["created_at"])
    op.create_index("ix_conversations_last_seen_at", "conversations", ["last_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_conversations_last_seen_at", "conversations")
    op.drop_index("ix_conversations_created_at", "conversations")
    op.drop_table("preferences")
    op.drop_table("consents")
    op.drop_table("subject_requests")
