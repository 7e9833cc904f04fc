"""Failed staff logins, counted per keyed hash of an account name or a client address, for the lock-outs."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("key", AutoString(length=64), primary_key=True),
        sa.Column("scope", AutoString(length=8), nullable=False),
        sa.Column("account", AutoString(length=64), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_at", UTCDateTime(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("forget_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_login_failures_forget_at", "login_failures", ["forget_at"])


def downgrade() -> None:
    op.drop_table("login_failures")
