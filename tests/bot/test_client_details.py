"""Client details typed into the bot are answered but never kept (issue 15, items 1 and 2)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.bot.feedback_support import (
    ANNA,
    SEND_AT,
    attach_ready_made,
    counts_in_csv,
    run_jobs,
    summary,
    wijktafel_with_people,
)
from tests.bot.test_meetings import ADMIN
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user

QUESTION = (
    "Ik zoek voor mijn cliënt Mohammed El Amrani (06-12345678, Javastraat 12) hulp bij "
    "schulden in de Indische Buurt"
)
DETAILS = ("Mohammed", "Amrani", "12345678", "Javastraat 12", "0612345678", "jan@example.nl")
NOTE = "🔒 Gegevens van cliënten (naam, nummer, adres) heb ik niet nodig; die heb ik niet bewaard."


async def _stored_texts(connection: AsyncConnection) -> list[str]:
    """Every value in every table, as text."""
    tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    values = []
    for table in tables:
        rows = (await connection.execute(text(f'SELECT * FROM "{table}"'))).all()  # noqa: S608
        values += [str(value) for row in rows for value in row]
    return values


def _leaks(texts: list[str] | str) -> list[str]:
    joined = "\n".join(texts) if isinstance(texts, list) else texts
    return [detail for detail in DETAILS if detail in joined]


async def _register(harness: BotHarness, person: dict[str, Any]) -> None:
    [greeting] = await harness.send(person, "/start")
    await harness.press(person, greeting, "Nederlands")


async def test_client_details_are_answered_but_not_kept(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna)
    [answer] = await harness.send(anna, QUESTION)
    assert "1. " in answer["text"]  # the answer still comes
    assert answer["text"].endswith(NOTE)
    assert answer["text"].count("🔒") == 1
    assert _leaks(answer["text"]) == []
    [mine] = await harness.send(anna, "/mijngegevens")
    assert "cliënt [naam] ([telefoon], [adres]) hulp bij schulden" in mine["text"]
    assert _leaks(mine["text"]) == []
    [ask_word] = await harness.press(anna, answer, "Niet wat ik zocht")
    [thanks] = await harness.send(anna, "iemand die Arabisch spreekt, mail jan@example.nl")
    assert thanks["text"].startswith("Dank je!")
    assert thanks["text"].endswith(NOTE)
    [listing] = await harness.send(user(ADMIN_ID, name="Cor"), "/gemist")
    assert "in de Indische Buurt" in listing["text"]
    assert "[e-mail]" in listing["text"]
    assert _leaks(listing["text"]) == []
    async with harness.services.db.engine.connect() as connection:
        assert _leaks(await _stored_texts(connection)) == []
    assert labels(ask_word) == ["Overslaan"]


async def test_a_plain_question_gets_no_privacy_line(harness: BotHarness) -> None:
    [answer] = await harness.send(user(), "schulden in de Indische Buurt")
    assert "🔒" not in answer["text"]


async def test_a_question_in_a_group_is_cleaned_too(harness: BotHarness) -> None:
    group = {"id": -2001, "type": "group", "title": "Wijktafel Oost"}
    [answer] = await harness.send(user(), f"/vraag {QUESTION}", chat=group)
    assert answer["text"].endswith(NOTE)
    async with harness.services.db.engine.connect() as connection:
        assert _leaks(await _stored_texts(connection)) == []


async def test_feedback_remarks_are_cleaned_and_forgotten(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await attach_ready_made(harness)
    await run_jobs(harness, SEND_AT)
    remark = harness.core.messages(ANNA["id"])[-1]
    await harness.press(ANNA, remark, "✍️ Schrijf iets")
    [thanks] = await harness.send(
        ANNA, "Fijn! Bel me gerust op 06-12345678 of mail jan@example.nl, groet Anna"
    )
    assert thanks["text"].endswith(NOTE)
    shown = await summary(harness)
    assert "• Fijn! Bel me gerust op [telefoon] of mail [e-mail], groet Anna" in shown["text"]
    assert _leaks(shown["text"]) == []
    [document] = await harness.press(ADMIN, shown, "📄 CSV")
    data = harness.core.file_bytes(document["document"]["file_id"]) or b""
    _, rows = counts_in_csv(data)
    assert [r for r in rows if r["source"] == "remark"]
    assert _leaks(data.decode("utf-8-sig")) == []
    assert "Respons: 1 van 2 (50%)" in shown["text"]
    [confirm] = await harness.send(ANNA, "/vergeetmij")
    await harness.press(ANNA, confirm, "Ja, wis alles")
    after = (await summary(harness))["text"]
    assert "Bel me gerust" not in after
    assert "Respons: 1 van 2 (50%)" in after  # the count stays
    async with harness.services.db.engine.connect() as connection:
        assert not [v for v in await _stored_texts(connection) if "Bel me gerust" in v]


async def test_an_introduction_text_is_passed_on_without_client_details(
    harness: BotHarness,
) -> None:
    from bot.socialmap.repository import OfferRepository
    from tests.bot.intro_setup import ANNA as PRO
    from tests.bot.intro_setup import VERA, VIA_BOT, make_reachable, request_introduction

    async with harness.services.db.transaction() as session:
        await OfferRepository(session).upsert([VIA_BOT], "map", harness.clock())
    await make_reachable(harness, VIA_BOT.id, VERA)
    sent = await request_introduction(
        harness, PRO, "Mijn cliënte Fatima Bakkali (Javastraat 12) zoekt een taalmaatje."
    )
    assert sent["text"].endswith(NOTE)
    request = harness.core.messages(VERA["id"])[-1]["text"]
    assert "Mijn cliënte [naam] ([adres]) zoekt een taalmaatje." in request
    async with harness.services.db.engine.connect() as connection:
        stored = await _stored_texts(connection)
    assert not [v for v in stored if "Bakkali" in v or "Javastraat 12" in v]
