"""Alembic environment: always run with a connection handed in by ``fieldapp.server.db.engine.migrate``
(or, for ``alembic revision --autogenerate`` during development, with ``-x url=...``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from fieldapp.server.db.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///dev.db")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
