"""Personal data (placeholders and the vault), audit events, redaction counts and hand-over decisions."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite and PostgreSQL both do it in place): no table is copied, no row moves.
    op.add_column("conversations", sa.Column("keep_originals", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("conversations", sa.Column("assigned_agent", AutoString(), nullable=True))
    op.add_column("turns", sa.Column("redactions", AutoString(), nullable=True))
    op.add_column("turns", sa.Column("escalation", AutoString(), nullable=True))
    op.create_table(
        "pii_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", AutoString(), nullable=False),
        sa.Column("placeholder", AutoString(length=40), nullable=False),
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("digest", AutoString(length=64), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id", "placeholder", name="uq_pii_placeholder"),
        sa.UniqueConstraint("conversation_id", "digest", name="uq_pii_digest"),
    )
    op.create_index("ix_pii_entries_conversation_id", "pii_entries", ["conversation_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("conversation_id", AutoString(), nullable=True),
        sa.Column("actor", AutoString(), nullable=False),
        sa.Column("action", AutoString(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_conversation_id", "audit_events", ["conversation_id"])
    op.create_index("ix_audit_events_action", "audit_events", ["action"])


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_table("pii_entries")
    with op.batch_alter_table("turns") as table:
        table.drop_column("escalation")
        table.drop_column("redactions")
    with op.batch_alter_table("conversations") as table:
        table.drop_column("assigned_agent")
        table.drop_column("keep_originals")
