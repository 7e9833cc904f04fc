"""The local order book (``assistant.orders.book``): orders imported from the merchant's file, e-mail address and
postcode sealed."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("number", AutoString(length=64), primary_key=True),
        sa.Column("customer_id", AutoString(length=128), nullable=True),
        sa.Column("status", AutoString(length=24), nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=False),
        sa.Column("email_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("postcode_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("carrier", AutoString(length=64), nullable=True),
        sa.Column("tracking_number", AutoString(length=128), nullable=True),
        sa.Column("tracking_url", AutoString(length=512), nullable=True),
        sa.Column("shipped_on", sa.Date(), nullable=True),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("total", AutoString(length=32), nullable=True),
        sa.Column("currency", AutoString(length=3), nullable=False),
        sa.Column("refund_state", AutoString(length=16), nullable=False),
        sa.Column("refund_amount", AutoString(length=32), nullable=True),
        sa.Column("refunded_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_orders_customer_id", "orders", ["customer_id"])


def downgrade() -> None:
    op.drop_table("orders")
