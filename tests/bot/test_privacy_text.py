"""/privacy says what is really kept: every table holding a Telegram id has its line
(issue 15, item 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import BigInteger, Table

from bot.db.models import Base
from bot.people.views import DEMAND_LINE, KEPT
from tests.harness import BotHarness, user

# Columns that hold a Telegram user (or chat) id. Every such column so far is a BigInteger;
# the names catch one that is not.
_ID_NAMES = (
    "user_id",
    "telegram_id",
    "chat_id",
    "_by",
    "actor_id",
    "target_id",
    "owner_id",
    "professional_id",
)


# Big integers that number something other than a person: Telegram's update ids (kept two
# days so a repeated webhook call is answered once) identify an update, not who sent it.
_NOT_PEOPLE = {("handled_updates", "update_id")}


def _holds_a_telegram_id(table: Table) -> bool:
    return any(
        (isinstance(column.type, BigInteger) or column.name.endswith(_ID_NAMES))
        and (table.name, column.name) not in _NOT_PEOPLE
        for column in table.columns
    )


def test_every_table_with_a_telegram_id_has_a_privacy_line() -> None:
    with_ids = {table.name for table in Base.metadata.sorted_tables if _holds_a_telegram_id(table)}
    covered = {table for tables in KEPT.values() for table in tables}
    assert with_ids - covered == set(), "add these tables to a line of /privacy (KEPT)"
    assert covered - set(Base.metadata.tables) == set()  # no line names a table that is gone
    assert "rsvps" in with_ids
    assert "shared_places" in with_ids


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_privacy_text_has_every_line(harness: BotHarness, language: str) -> None:
    [reply] = await harness.send(user(language=language), "/privacy")
    t = harness.services.catalogues.translator(language)
    for key in KEPT:
        line = t(key, days=730) if key == DEMAND_LINE else t(key)
        assert line != key  # the line exists in this catalogue
        assert line in reply["text"]


async def test_the_privacy_text_names_what_people_asked_about(harness: BotHarness) -> None:
    [reply] = await harness.send(user(), "/privacy")
    text = reply["text"]
    for fragment in (
        "voornaam",
        "/aanmeldingen",
        "waarvoor je je aanmeldde",
        "je antwoorden en opmerkingen",
        "initiatieven je beheert",
        "een halfuur",
        "Telegram-id",
        "/vergeetmij",
    ):
        assert fragment in text
