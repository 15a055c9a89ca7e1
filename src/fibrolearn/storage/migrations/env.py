"""Alembic environment: always runs on a connection handed in by fibrolearn.storage.migrate."""

from alembic import context

from fibrolearn.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can alter little in place; batch mode copies tables
)
with context.begin_transaction():
    context.run_migrations()
