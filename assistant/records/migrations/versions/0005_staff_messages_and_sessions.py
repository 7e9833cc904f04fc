"""Agents' messages and notes, console sessions, the routing of messages a person answers, left contacts."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("routed_to", AutoString(length=16), nullable=True))
    with op.batch_alter_table("handovers") as batch:
        batch.add_column(sa.Column("contact_left", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "staff_messages",
        sa.Column("id", AutoString(), nullable=False),
        sa.Column("conversation_id", AutoString(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", AutoString(length=8), nullable=False),
        sa.Column("author", AutoString(length=64), nullable=False),
        sa.Column("author_name", AutoString(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_messages_conversation_id", "staff_messages", ["conversation_id"])
    op.create_index("ix_staff_messages_at", "staff_messages", ["at"])
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_staff_sessions_expires_at", "staff_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_table("staff_sessions")
    op.drop_table("staff_messages")
    with op.batch_alter_table("handovers") as batch:
        batch.drop_column("contact_left")
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("routed_to")
