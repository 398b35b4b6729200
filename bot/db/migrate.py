"""Run Alembic migrations from code, on the same engine the bot uses."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at the installed `migrations` package."""
    config = Config()
    config.set_main_option("script_location", str(files("migrations")))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def _upgrade(connection: Connection, config: Config) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade_database(engine: AsyncEngine) -> None:
    """Create or migrate the database to the newest schema."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, config)
