"""Known customers: a conversation may be tied to the merchant's customer id."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("customer_id", AutoString(length=128), nullable=True))
    op.create_index("ix_conversations_customer_id", "conversations", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_conversations_customer_id", "conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("customer_id")
