"""Catalogues: complete in both languages, used keys exist, dates in Amsterdam time."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po

from bot.commands import COMMANDS
from bot.i18n import Catalogues, locales_dir
from bot.roles import Role

ROOT = Path(__file__).resolve().parents[2]


def _ids(language: str) -> set[str]:
    path = locales_dir() / language / "LC_MESSAGES" / "wijkwijzer.po"
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def _untranslated(language: str) -> list[str]:
    path = locales_dir() / language / "LC_MESSAGES" / "wijkwijzer.po"
    with path.open("rb") as handle:
        return [str(m.id) for m in read_po(handle) if m.id and not m.string]


def _keys_used_in_code() -> set[str]:
    """String literals given to a translator call `t("...")` / `person.t("...")`."""
    keys: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in {"t", "plural"} and isinstance(first, ast.Constant):
                keys.add(str(first.value))
    return keys


def test_both_catalogues_have_the_same_message_ids() -> None:
    assert _ids("nl") == _ids("en")


def test_every_message_is_translated() -> None:
    assert _untranslated("nl") == []
    assert _untranslated("en") == []


def test_every_key_used_in_code_exists() -> None:
    used = _keys_used_in_code() | {c.help_key for c in COMMANDS}
    used |= {f"role.{role.value}" for role in Role}
    assert len(used) > 30
    assert used - _ids("nl") == set()


def test_language_resolution() -> None:
    catalogues = Catalogues(ZoneInfo("Europe/Amsterdam"))
    assert catalogues.pick(None, "en-GB") == "en"
    assert catalogues.pick("nl", "en") == "nl"
    assert catalogues.pick(None, "de") == "nl"
    assert catalogues.translator("fr").language == "nl"


def test_dates_follow_amsterdam_summer_and_winter_time() -> None:
    catalogues = Catalogues(ZoneInfo("Europe/Amsterdam"))
    nl, en = catalogues.translator("nl"), catalogues.translator("en")
    summer = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    winter = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert nl.datetime(summer) == "1 jul 2026 10:00"
    assert nl.datetime(winter) == "1 dec 2026 09:00"
    assert en.date(winter.date()) == "December 1, 2026"
    assert nl.date(winter.date()) == "1 december 2026"


def test_values_are_escaped_for_html() -> None:
    t = Catalogues(ZoneInfo("Europe/Amsterdam")).translator("nl")
    assert "&lt;a href" in t("start.greeting", name='<a href="x">')
