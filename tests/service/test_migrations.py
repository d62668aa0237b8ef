"""The migrations build the schema the models describe, on SQLite and PostgreSQL, and step
down again: a column added to a model without its migration fails here."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from service.db.migrate import alembic_config, upgrade
from service.db.models import Base
from service.db.session import make_engine


def test_the_migrations_make_the_models_schema_and_undo_the_last(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert drift == []
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")  # suggestion undo: its columns go
        with engine.connect() as connection:
            drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert {(d[0], d[3].name) for d in drift if d[0] == "add_column"} == {
            ("add_column", "undo_plan"),
            ("add_column", "undo_digest"),
        }
    finally:
        engine.dispose()
