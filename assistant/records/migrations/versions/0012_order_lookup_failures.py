"""Wrong order look-up pairs (``assistant.orders.access``), counted per conversation and per keyed hash of a client
address."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_lookup_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", AutoString(length=64), nullable=False),
        sa.Column("address", AutoString(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_order_lookup_failures_conversation_id", "order_lookup_failures", ["conversation_id"])
    op.create_index("ix_order_lookup_failures_address", "order_lookup_failures", ["address"])
    op.create_index("ix_order_lookup_failures_at", "order_lookup_failures", ["at"])


def downgrade() -> None:
    op.drop_table("order_lookup_failures")
