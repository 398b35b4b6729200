"""/privacy, /mijngegevens and /vergeetmij: people see and erase what is stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import IntroRequest, User
from bot.socialmap.repository import OfferRepository
from tests.bot.intro_setup import ANNA, VERA, VIA_BOT, make_reachable, request_introduction
from tests.bot.intro_setup import last as intro_last
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user


async def _register(
    harness: BotHarness, person: dict[str, Any], language: str = "Nederlands"
) -> None:
    [greeting] = await harness.send(person, "/start")
    await harness.press(person, greeting, language)


async def _rows_mentioning(connection: AsyncConnection, value: int) -> list[tuple[str, Any]]:
    """Every row in every table (not only the models) with a column equal to the value."""
    tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    found = []
    for table in tables:
        rows = (await connection.execute(text(f'SELECT * FROM "{table}"'))).all()  # noqa: S608
        found += [(table, row) for row in rows if value in row or str(value) in row]
    return found


async def test_privacy_explains_what_is_stored(harness: BotHarness) -> None:
    [reply] = await harness.send(user(), "/privacy")
    assert "Telegram-id" in reply["text"]
    assert "/vergeetmij" in reply["text"]


async def test_my_data_when_nothing_is_stored(harness: BotHarness) -> None:
    [reply] = await harness.send(user(), "/mijngegevens")
    assert reply["text"] == "Ik heb niets over je opgeslagen."


async def test_my_data_shows_everything_stored(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna, "English")
    [reply] = await harness.send(anna, "/mydata")
    assert "Telegram id: 1001" in reply["text"]
    assert "Language: English" in reply["text"]
    assert "Consent given: 23 Nov 2026 10:00" in reply["text"]  # 09:00 UTC in Amsterdam
    await harness.send(anna, "taalcafé Osdorp")
    [reply] = await harness.send(anna, "/mydata")
    assert "Your questions of the last day" in reply["text"]
    assert "taalcafé Osdorp" in reply["text"]


async def test_my_data_lists_role_changes(harness: BotHarness) -> None:
    anna, admin = user(), user(ADMIN_ID, name="Cor")
    await _register(harness, anna)
    await harness.send(admin, "/rol 1001 organisator")
    [reply] = await harness.send(anna, "/mijngegevens")
    assert "je kreeg de rol organisator" in reply["text"]


async def test_forget_erases_every_row_about_the_user(harness: BotHarness) -> None:
    anna, admin = user(), user(ADMIN_ID, name="Cor")
    await _register(harness, anna)
    await _register(harness, admin)
    await harness.send(admin, "/rol 1001 organisator")
    await harness.send(anna, "/start")
    await harness.send(anna, "eenzaamheid Oost")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, anna["id"])
    [confirm] = await harness.send(anna, "/vergeetmij")
    assert labels(confirm) == ["Ja, wis alles", "Nee, laat maar"]
    await harness.press(anna, confirm, "Ja, wis alles")
    assert harness.current(anna["id"], confirm["message_id"])["text"].startswith("Klaar")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, anna["id"]) == []
    [reply] = await harness.send(anna, "/mijngegevens")
    assert reply["text"] == "Ik heb niets over je opgeslagen."


async def test_a_forgotten_coordinator_is_detached_from_the_audit_trail(
    harness: BotHarness,
) -> None:
    anna, admin = user(), user(ADMIN_ID, name="Cor")
    await _register(harness, anna)
    await _register(harness, admin)
    await harness.send(admin, "/rol 1001 organisator")
    [confirm] = await harness.send(admin, "/vergeetmij")
    await harness.press(admin, confirm, "Ja, wis alles")
    text_now = harness.current(ADMIN_ID, confirm["message_id"])["text"]
    assert "blijft coördinator" in text_now
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, ADMIN_ID) == []
        assert await _rows_mentioning(connection, anna["id"])


async def test_forget_can_be_cancelled(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna)
    [confirm] = await harness.send(anna, "/vergeetmij")
    await harness.press(anna, confirm, "Nee, laat maar")
    async with harness.services.db.transaction() as session:
        assert (await session.scalars(select(User))).all() != []


async def test_personal_data_is_not_shown_in_groups(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna)
    group = {"id": -2001, "type": "supergroup", "title": "Wijktafel"}
    [reply] = await harness.send(anna, "/mijngegevens", chat=group)
    assert "privégesprek" in reply["text"]
    assert "1001" not in reply["text"]


async def test_my_data_shows_a_sign_up_in_progress(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna)
    await harness.send(anna, "/aanmelden")
    [reply] = await harness.send(anna, "/mijngegevens")
    assert "Een aanmelding die je nog aan het invullen bent" in reply["text"]


async def test_forget_removes_both_sides_of_an_introduction(harness: BotHarness) -> None:
    async with harness.services.db.transaction() as session:
        await OfferRepository(session).upsert([VIA_BOT], "map", harness.clock())
    await make_reachable(harness, VIA_BOT.id, VERA)
    await request_introduction(harness, ANNA)
    await harness.press(VERA, intro_last(harness, VERA), "✅ Ja, breng ons in contact")
    for person in (ANNA, VERA):
        async with harness.services.db.engine.connect() as connection:
            assert await _rows_mentioning(connection, person["id"])
        [confirm] = await harness.send(person, "/vergeetmij")
        await harness.press(person, confirm, "Ja, wis alles")
        async with harness.services.db.engine.connect() as connection:
            assert await _rows_mentioning(connection, person["id"]) == []
    async with harness.services.db.transaction() as session:
        [row] = (await session.scalars(select(IntroRequest))).all()
    assert (row.state, row.area, row.message) == ("accepted", "Indische Buurt", None)
