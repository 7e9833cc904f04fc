"""The audit log as a hash chain: each event's position, the hash of the one before it, and its own hash."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from assistant.records.audit import GENESIS, record_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_events", sa.Column("prev_hash", AutoString(length=64), nullable=True))
    op.add_column("audit_events", sa.Column("hash", AutoString(length=64), nullable=True))
    # The events written before the chain are chained in the order they were written.
    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer()),
        sa.column("at", UTCDateTime()),
        sa.column("conversation_id", AutoString()),
        sa.column("actor", AutoString()),
        sa.column("action", AutoString()),
        sa.column("detail", sa.Text()),
        sa.column("seq", sa.Integer()),
        sa.column("prev_hash", AutoString()),
        sa.column("hash", AutoString()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            events.c.id, events.c.at, events.c.conversation_id, events.c.actor, events.c.action, events.c.detail
        ).order_by(events.c.id)
    ).all()
    prev_hash = GENESIS
    for seq, row in enumerate(rows, 1):
        digest = record_hash(seq, prev_hash, row.at, row.conversation_id, row.actor, row.action, row.detail)
        connection.execute(
            sa.update(events).where(events.c.id == row.id).values(seq=seq, prev_hash=prev_hash, hash=digest)
        )
        prev_hash = digest
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("prev_hash", existing_type=AutoString(length=64), nullable=False)
        batch.alter_column("hash", existing_type=AutoString(length=64), nullable=False)
        batch.create_index("ix_audit_events_seq", ["seq"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_index("ix_audit_events_seq")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
