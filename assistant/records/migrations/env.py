"""Alembic's environment: migrations run on the connection the store hands over (see ``assistant.records.migrate``)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import assistant.orders.book  # noqa: F401  (the order book's table)
import assistant.records.tables  # noqa: F401
import assistant.staff.accounts  # noqa: F401  (the tables)
import escalation.queue  # noqa: F401

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
