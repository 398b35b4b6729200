"""Run Alembic migrations from code, on the same engine the bot uses."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

# Names "migrating or seeding the database" in pg_locks (next to the scheduler's "WIJK").
STARTUP_LOCK_KEY = 0x57494A53  # "WIJS"


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at the installed `migrations` package."""
    config = Config()
    config.set_main_option("script_location", str(files("migrations")))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def wait_for_other_starters(connection: AsyncConnection | AsyncSession) -> None:
    """On PostgreSQL, wait until no other process is migrating or seeding; the lock is held
    until this transaction ends. Web processes starting side by side on a new database then
    migrate and load the bundled map one after the other instead of colliding."""
    bind = connection.get_bind() if isinstance(connection, AsyncSession) else connection
    if bind.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": STARTUP_LOCK_KEY}
        )


def _upgrade(connection: Connection, config: Config) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade_database(engine: AsyncEngine) -> None:
    """Create or migrate the database to the newest schema."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    async with engine.begin() as connection:
        await wait_for_other_starters(connection)
        await connection.run_sync(_upgrade, config)
