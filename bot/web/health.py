"""Is this process fit to serve: the database answers and its schema is the newest."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from bot.db.migrate import alembic_config
from bot.db.session import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    """The answer of a health check."""

    database: bool
    migrations_current: bool
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True when the process can serve updates."""
        return self.database and self.migrations_current

    def to_json(self) -> dict[str, object]:
        """What /healthz shows (no secrets, no URLs)."""
        return {
            "ok": self.ok,
            "database": self.database,
            "migrations_current": self.migrations_current,
            "detail": self.detail,
        }


def _revisions(connection: Connection, url: str) -> tuple[set[str], set[str]]:
    current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    return current, heads


async def check_health(db: Database) -> Health:
    """Query the database once and compare its schema revision with the newest one."""
    url = db.engine.url.render_as_string(hide_password=False)
    try:
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            current, heads = await connection.run_sync(_revisions, url)
    except Exception as error:  # any failure means "not healthy", said plainly
        log.warning("health check: database unreachable (%s)", type(error).__name__)
        return Health(database=False, migrations_current=False, detail="database unreachable")
    if current != heads:
        return Health(True, False, f"schema at {sorted(current)}, newest {sorted(heads)}")
    return Health(database=True, migrations_current=True)
