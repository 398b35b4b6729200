"""Typed settings read from the environment and an optional `.env` file."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from bot import policy

PREFIX = "WIJKWIJZER_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///wijkwijzer.db"
SUPPORTED_LANGUAGES = ("nl", "en")
# Telegram's rule for a webhook's secret_token: 1-256 of A-Z, a-z, 0-9, _ and -.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LOCAL_HOSTS = ("http://127.0.0.1", "http://localhost")
# Telegram's rule for a bot's username: 5-32 of A-Z, a-z, 0-9 and _, ending in "bot".
_BOT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,29}[Bb][Oo][Tt]")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the bot, validated once at start-up."""

    telegram_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    telegram_base_url: str | None = None
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Amsterdam"))
    default_language: str = "nl"
    webhook_url: str | None = None
    port: int | None = None
    webhook_secret: str | None = None
    # The bot's @username (without @): the public pages link to it (t.me/<name>?start=…).
    bot_username: str | None = None
    # Flood control: more messages than this in a minute and a user is paused a while.
    flood_per_minute: int = policy.FLOOD_PER_MINUTE
    flood_pause_seconds: int = policy.FLOOD_PAUSE_SECONDS
    # Off only in the local chat (one person at a keyboard or a script); always on for `run`.
    flood_control: bool = True
    # /bericht: how many one-off messages a coordinator may send off per day.
    broadcasts_per_day: int = policy.BROADCASTS_PER_DAY
    # Questions that found nothing are kept (without user id) for coordinators this long.
    missed_retention_days: int = policy.MISSED_QUESTIONS_KEPT_DAYS
    # Demand (day, themes, areas, channel, outcome; no person) is kept this long for /wittevlekken.
    demand_retention_days: int = policy.DEMAND_KEPT_DAYS
    # "Klopt dit nog?": ask after this many days, remind every few days, hide after that many.
    freshness_days: int = policy.FRESHNESS_ASK_AFTER_DAYS
    freshness_reminder_days: int = policy.FRESHNESS_REMINDER_EVERY_DAYS
    freshness_hide_days: int = policy.FRESHNESS_HIDE_AFTER_DAYS

    @property
    def webhook_secret_token(self) -> str:
        """The secret Telegram sends with every webhook call.

        Set it with WIJKWIJZER_WEBHOOK_SECRET; otherwise it is derived from the bot token, so
        every web process of one bot agrees on it without more configuration.
        """
        if self.webhook_secret:
            return self.webhook_secret
        digest = hashlib.sha256(f"wijkwijzer-webhook:{self.require_token()}".encode())
        return digest.hexdigest()

    # Feedback after meetings: default wait after the end, reminder and closing (from sending).
    feedback_delay_minutes: int = policy.FEEDBACK_DELAY_MINUTES
    feedback_reminder_hours: int = policy.FEEDBACK_REMINDER_HOURS
    feedback_close_hours: int = policy.FEEDBACK_CLOSE_HOURS

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite one."""
        return self.database_url.startswith("sqlite")

    def require_token(self) -> str:
        """The Telegram token, or a clear error on how to get one."""
        if not self.telegram_token:
            raise SettingsError(
                f"{PREFIX}TELEGRAM_TOKEN is not set: create a bot with @BotFather in Telegram "
                "(/newbot), put its token in the environment or a .env file, "
                "or try the bot without a token with `wijkwijzer chat`."
            )
        return self.telegram_token


def _parse_admin_ids(raw: str) -> frozenset[int]:
    ids: set[int] = set()
    for part in raw.replace(";", ",").split(","):
        item = part.strip()
        if not item:
            continue
        if not item.lstrip("-").isdigit():
            raise SettingsError(
                f"{PREFIX}ADMIN_IDS must be comma-separated Telegram user ids, got {item!r}."
            )
        ids.add(int(item))
    return frozenset(ids)


def _parse_timezone(raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise SettingsError(
            f"{PREFIX}TIMEZONE {raw!r} is not a known time zone (e.g. Europe/Amsterdam)."
        ) from err


def _parse_port(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(f"{PREFIX}PORT must be a port number (1-65535), got {raw!r}.")
    return int(raw)


def _parse_count(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(f"{PREFIX}{name} must be a whole number of at least 1, got {raw!r}.")
    return int(raw)


def _parse_token(raw: str) -> str:
    head, sep, tail = raw.partition(":")
    if not sep or not head.isdigit() or not tail:
        raise SettingsError(
            f"{PREFIX}TELEGRAM_TOKEN does not look like a bot token (123456:ABC-...); "
            "copy it again from @BotFather."
        )
    return raw


def _parse_days(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or not 0 < int(raw) <= 3650:
        raise SettingsError(f"{PREFIX}{name} must be a number of days (1-3650), got {raw!r}.")
    return int(raw)


def _parse_whole(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SettingsError(f"{PREFIX}{name} must be a whole number from {low} to {high}.")
    return int(raw)


def _parse_bot_username(raw: str) -> str:
    name = raw.removeprefix("https://t.me/").removeprefix("@")
    if not _BOT_USERNAME.fullmatch(name):
        raise SettingsError(
            f"{PREFIX}BOT_USERNAME must be the bot's username as @BotFather gave it "
            f"(5-32 letters, digits or _, ending in 'bot'), got {raw!r}."
        )
    return name


def _normalise_database_url(raw: str) -> str:
    # Operators often paste the URL their host gives them; make it use the async drivers.
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    if raw.startswith("postgresql://"):
        raw = "postgresql+asyncpg://" + raw[len("postgresql://") :]
    if raw.startswith("sqlite://") and not raw.startswith("sqlite+aiosqlite://"):
        raw = "sqlite+aiosqlite://" + raw[len("sqlite://") :]
    if not raw.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise SettingsError(
            f"{PREFIX}DATABASE_URL must be sqlite+aiosqlite:///FILE or "
            f"postgresql+asyncpg://USER:PASSWORD@HOST/DB, got {raw.split('://')[0]}://..."
        )
    return raw


def settings_from_mapping(values: Mapping[str, str | None]) -> Settings:
    """Build validated settings from `WIJKWIJZER_*` values (empty means unset)."""

    def get(name: str) -> str | None:
        value = values.get(PREFIX + name)
        return value.strip() if value and value.strip() else None

    token = get("TELEGRAM_TOKEN")
    language = get("DEFAULT_LANGUAGE") or "nl"
    if language not in SUPPORTED_LANGUAGES:
        raise SettingsError(f"{PREFIX}DEFAULT_LANGUAGE must be 'nl' or 'en', got {language!r}.")
    webhook_url = get("WEBHOOK_URL")
    port_raw = get("PORT")
    if webhook_url and not webhook_url.startswith(("https://", *_LOCAL_HOSTS)):
        raise SettingsError(f"{PREFIX}WEBHOOK_URL must be an https:// URL Telegram can reach.")
    secret = get("WEBHOOK_SECRET")
    if secret and not _SECRET.fullmatch(secret):
        raise SettingsError(
            f"{PREFIX}WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -."
        )
    # PORT alone is fine: `wijkwijzer web` listens on it (and polling does not use it).
    if webhook_url and not port_raw:
        raise SettingsError(f"Set both {PREFIX}WEBHOOK_URL and {PREFIX}PORT for webhook mode.")
    base_url = get("TELEGRAM_BASE_URL")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise SettingsError(f"{PREFIX}TELEGRAM_BASE_URL must start with http:// or https://.")
    freshness = _parse_days(
        "FRESHNESS_DAYS", get("FRESHNESS_DAYS"), policy.FRESHNESS_ASK_AFTER_DAYS
    )
    hide = _parse_days(
        "FRESHNESS_HIDE_DAYS", get("FRESHNESS_HIDE_DAYS"), policy.FRESHNESS_HIDE_AFTER_DAYS
    )
    if hide <= freshness:
        raise SettingsError(
            f"{PREFIX}FRESHNESS_HIDE_DAYS ({hide}) must be more than "
            f"{PREFIX}FRESHNESS_DAYS ({freshness})."
        )
    username = get("BOT_USERNAME")
    return Settings(
        freshness_days=freshness,
        freshness_reminder_days=_parse_days(
            "FRESHNESS_REMINDER_DAYS",
            get("FRESHNESS_REMINDER_DAYS"),
            policy.FRESHNESS_REMINDER_EVERY_DAYS,
        ),
        freshness_hide_days=hide,
        telegram_token=_parse_token(token) if token else None,
        database_url=_normalise_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        telegram_base_url=base_url,
        admin_ids=_parse_admin_ids(get("ADMIN_IDS") or ""),
        timezone=_parse_timezone(get("TIMEZONE") or "Europe/Amsterdam"),
        default_language=language,
        webhook_url=webhook_url,
        port=_parse_port(port_raw) if port_raw else None,
        webhook_secret=secret,
        bot_username=_parse_bot_username(username) if username else None,
        flood_per_minute=_parse_count(
            "FLOOD_PER_MINUTE", get("FLOOD_PER_MINUTE"), policy.FLOOD_PER_MINUTE
        ),
        flood_pause_seconds=_parse_count(
            "FLOOD_PAUSE_SECONDS", get("FLOOD_PAUSE_SECONDS"), policy.FLOOD_PAUSE_SECONDS
        ),
        broadcasts_per_day=_parse_count(
            "BROADCASTS_PER_DAY", get("BROADCASTS_PER_DAY"), policy.BROADCASTS_PER_DAY
        ),
        missed_retention_days=_parse_days(
            "MISSED_RETENTION_DAYS", get("MISSED_RETENTION_DAYS"), policy.MISSED_QUESTIONS_KEPT_DAYS
        ),
        demand_retention_days=_parse_days(
            "DEMAND_RETENTION_DAYS", get("DEMAND_RETENTION_DAYS"), policy.DEMAND_KEPT_DAYS
        ),
        feedback_delay_minutes=_parse_whole(
            "FEEDBACK_DELAY_MINUTES",
            get("FEEDBACK_DELAY_MINUTES"),
            policy.FEEDBACK_DELAY_MINUTES,
            0,
            10080,
        ),
        feedback_reminder_hours=_parse_whole(
            "FEEDBACK_REMINDER_HOURS",
            get("FEEDBACK_REMINDER_HOURS"),
            policy.FEEDBACK_REMINDER_HOURS,
            1,
            720,
        ),
        feedback_close_hours=_parse_whole(
            "FEEDBACK_CLOSE_HOURS",
            get("FEEDBACK_CLOSE_HOURS"),
            policy.FEEDBACK_CLOSE_HOURS,
            1,
            2160,
        ),
    )


def load_settings(env_file: Path | None = None) -> Settings:
    """Settings from the environment, with a `.env` file filling in what is not set."""
    path = env_file if env_file is not None else Path.cwd() / ".env"
    values: dict[str, str | None] = dict(dotenv_values(path)) if path.is_file() else {}
    values.update({k: v for k, v in os.environ.items() if k.startswith(PREFIX)})
    return settings_from_mapping(values)
