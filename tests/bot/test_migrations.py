"""The migrations build exactly the models' schema, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect

from bot.db.migrate import alembic_config, upgrade_database
from bot.db.models import Base
from bot.db.session import make_engine


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()


def _downgrade(connection: Connection, url: str) -> list[str]:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.downgrade(config, "base")
    return [t for t in inspect(connection).get_table_names() if t != "alembic_version"]


async def test_downgrade_to_nothing_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.begin() as connection:
            assert await connection.run_sync(_downgrade, database_url) == []
        await upgrade_database(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()
