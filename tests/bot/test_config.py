"""Settings are read exactly as documented and fail with clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, SettingsError, load_settings, settings_from_mapping


def test_defaults() -> None:
    settings = settings_from_mapping({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.default_language == "nl"
    assert str(settings.timezone) == "Europe/Amsterdam"
    assert settings.admin_ids == frozenset()
    assert settings.telegram_token is None


def test_values_are_parsed() -> None:
    settings = settings_from_mapping(
        {
            "WIJKWIJZER_TELEGRAM_TOKEN": "123:abc",
            "WIJKWIJZER_ADMIN_IDS": "1, 2,3",
            "WIJKWIJZER_DATABASE_URL": "postgres://u:p@localhost/w",
            "WIJKWIJZER_DEFAULT_LANGUAGE": "en",
        }
    )
    assert settings.require_token() == "123:abc"
    assert settings.admin_ids == {1, 2, 3}
    assert settings.database_url == "postgresql+asyncpg://u:p@localhost/w"
    assert settings.default_language == "en"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ADMIN_IDS", "12,abc", "comma-separated Telegram user ids"),
        ("TIMEZONE", "Mars/Olympus", "not a known time zone"),
        ("DEFAULT_LANGUAGE", "de", "'nl' or 'en'"),
        ("TELEGRAM_TOKEN", "not-a-token", "does not look like a bot token"),
        ("DATABASE_URL", "mysql://x", r"must be sqlite\+aiosqlite"),
        ("WEBHOOK_URL", "https://example.org/hook", "Set both"),
        ("TELEGRAM_BASE_URL", "ftp://x", "http://"),
    ],
)
def test_bad_values_are_explained(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        settings_from_mapping({f"WIJKWIJZER_{name}": value})


def test_missing_token_points_to_botfather_and_the_local_chat() -> None:
    with pytest.raises(SettingsError, match="BotFather") as info:
        settings_from_mapping({}).require_token()
    assert "wijkwijzer chat" in str(info.value)


def test_env_file_fills_in_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / ".env"
    env.write_text("WIJKWIJZER_ADMIN_IDS=7\nWIJKWIJZER_DEFAULT_LANGUAGE=en\n", encoding="utf-8")
    monkeypatch.setenv("WIJKWIJZER_DEFAULT_LANGUAGE", "nl")
    settings = load_settings(env)
    assert settings.admin_ids == {7}
    assert settings.default_language == "nl"


def test_a_port_alone_is_for_wijkwijzer_web_and_not_webhook_mode() -> None:
    settings = settings_from_mapping({"WIJKWIJZER_PORT": "8080"})
    assert (settings.port, settings.webhook_url) == (8080, None)


@pytest.mark.parametrize("value", ["WijkwijzerBot", "@WijkwijzerBot", "https://t.me/WijkwijzerBot"])
def test_the_bot_username_is_taken_with_or_without_at(value: str) -> None:
    settings = settings_from_mapping({"WIJKWIJZER_BOT_USERNAME": value})
    assert settings.bot_username == "WijkwijzerBot"
    assert settings_from_mapping({}).bot_username is None


@pytest.mark.parametrize("value", ["wijkwijzer", "abot", "x" * 40 + "bot", "wijk wijzer_bot"])
def test_a_malformed_bot_username_is_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="BOT_USERNAME"):
        settings_from_mapping({"WIJKWIJZER_BOT_USERNAME": value})
