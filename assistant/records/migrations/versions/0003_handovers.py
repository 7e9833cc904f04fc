"""The hand-over state of each conversation: the durable queue of conversations waiting for a person."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("conversation_id", AutoString(), nullable=False),
        sa.Column("state", AutoString(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("queued_at", UTCDateTime(), nullable=True),
        sa.Column("assigned_to", AutoString(), nullable=True),
        sa.Column("assigned_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("conversation_id"),
    )
    op.create_index("ix_handovers_state", "handovers", ["state"])
    op.create_index("ix_handovers_queued_at", "handovers", ["queued_at"])
    op.create_index("ix_handovers_assigned_to", "handovers", ["assigned_to"])


def downgrade() -> None:
    op.drop_table("handovers")
