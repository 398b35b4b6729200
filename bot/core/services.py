"""What handlers and jobs need, made once at start-up and reached through the context."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.db.session import Database
from bot.delivery.leader import Leadership
from bot.i18n import Catalogues
from bot.socialmap.service import MapService


@dataclass
class Services:
    """Settings, database, catalogues, clock, social map and scheduler lock of this process."""

    settings: Settings
    db: Database
    catalogues: Catalogues
    clock: Clock
    map: MapService
    leader: Leadership
