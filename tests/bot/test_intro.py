"""The warm introduction: request, accept or decline, expiry, follow-up and the counts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models import Delivery, IntroRequest
from bot.delivery.sender import deliver_due
from bot.introductions.jobs import review_introductions
from tests.bot.intro_setup import (
    ANNA,
    MESSAGE,
    QUESTION,
    VERA,
    VIA_BOT,
    WIM,
    last,
    make_reachable,
    request_introduction,
)
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user
from tests.sample_map import MAP

COR = user(ADMIN_ID, "nl", "Cor")
ACCEPT, DECLINE = "✅ Ja, breng ons in contact", "Nee, nu liever niet"


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The bot on the small sample map plus one entry reachable via the bot, owned by Vera."""
    offers = [*MAP, VIA_BOT]
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=offers) as bot:
        await make_reachable(bot, VIA_BOT.id, VERA)
        yield bot


async def _requests(harness: BotHarness) -> list[IntroRequest]:
    async with harness.services.db.transaction() as session:
        return list((await session.scalars(select(IntroRequest).order_by(IntroRequest.id))).all())


def _links(harness: BotHarness, chat_id: int, message_id: int) -> list[str]:
    # The control view shows plain text; the links live in the stored message's entities.
    stored = harness.core._world.chats[chat_id].messages[message_id]
    return [e["url"] for e in stored.data.get("entities", []) if e["type"] == "text_link"]


async def _follow_up(harness: BotHarness) -> None:
    await review_introductions(harness.application.bot, harness.services)
    await deliver_due(harness.application.bot, harness.services)


async def test_a_card_via_the_bot_says_so_and_offers_an_introduction(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, QUESTION)
    card = answer["text"].split("\n\n")[1]
    assert card.startswith("1. Buurtmaatjes")
    assert "💬 via de bot" in card
    assert "nog geen contactgegevens" not in card
    assert "🤝 1: breng me in contact" in labels(answer)
    # Entries with their own contact details get no introduction button.
    assert not any(label.startswith("🤝 2") for label in labels(answer))
    [details] = await harness.press(ANNA, answer, "🔎 1")
    assert "💬 via de bot" in details["text"]
    assert labels(details) == ["🤝 Breng me in contact"]


async def test_an_entry_without_via_the_bot_gets_no_button(harness: BotHarness) -> None:
    await make_reachable(harness, "koffie-kwartier", user(1020, "nl", "Kees"), via_bot=False)
    [answer] = await harness.send(ANNA, "koffiekwartier")
    assert not any(label.startswith("🤝") for label in labels(answer))


async def test_accepted_introduction_shares_both_contacts_and_is_followed_up(
    harness: BotHarness, clock: FakeClock
) -> None:
    sent = await request_introduction(harness)
    assert sent["text"].startswith("✉️ Verstuurd naar Buurtmaatjes")
    request = last(harness, VERA)
    assert MESSAGE in request["text"]
    assert "Anna" not in request["text"]
    assert labels(request) == [ACCEPT, DECLINE]

    vera = {**VERA, "username": "vera_buurt"}
    before = harness.last_message_id(ANNA["id"])
    assert await harness.press(vera, request, ACCEPT) == []
    owner_view = harness.current(VERA["id"], request["message_id"])
    assert owner_view["text"].startswith(request["text"])
    assert "Stuur de professional gerust een berichtje:\nAnna" in owner_view["text"]
    assert _links(harness, VERA["id"], request["message_id"]) == ["tg://user?id=1001"]
    [news] = harness.core.messages(ANNA["id"], before)
    assert "Buurtmaatjes wil graag contact" in news["text"]
    assert "Vera (@vera_buurt)" in news["text"]
    assert _links(harness, ANNA["id"], news["message_id"]) == ["tg://user?id=1010"]
    [data] = await harness.send(VERA, "/mijngegevens")
    assert "Contactverzoek voor buurtmaatjes door jou beantwoord" in data["text"]
    [row] = await _requests(harness)
    assert (row.state, row.message, row.query, row.area) == (
        "accepted",
        None,
        None,
        "Indische Buurt",
    )

    clock.advance(days=13, hours=23)
    await _follow_up(harness)
    assert "Is er contact geweest?" not in last(harness, ANNA)["text"]
    clock.advance(hours=1)
    await _follow_up(harness)
    for who in (ANNA, VERA):
        question = last(harness, who)
        assert "Is er contact geweest?" in question["text"]
        assert labels(question) == ["Ja", "Nee", "Nog niet"]
    await harness.press(ANNA, last(harness, ANNA), "Ja")
    assert last(harness, ANNA)["text"].startswith("Fijn om te horen")
    await harness.press(VERA, last(harness, VERA), "Nog niet")
    # A later run (or a restart) asks nobody twice.
    clock.advance(days=1)
    await _follow_up(harness)
    async with harness.services.db.transaction() as session:
        assert len((await session.scalars(select(Delivery))).all()) == 2
    [row] = await _requests(harness)
    assert (row.professional_answer, row.owner_answer) == ("yes", "not_yet")
    [data] = await harness.send(VERA, "/mijngegevens")
    assert "je antwoord op „Is er contact geweest?”: Nog niet" in data["text"]

    [stats] = await harness.send(COR, "/introducties")
    assert (
        "Indische Buurt: 1 gevraagd · 1 geaccepteerd · contact: 1 ja, 0 nee, 0 nog niet"
        in (stats["text"])
    )
    assert MESSAGE not in stats["text"]
    assert "Anna" not in stats["text"]


async def test_a_declined_request_brings_a_kind_note_and_other_suggestions(
    harness: BotHarness,
) -> None:
    await request_introduction(harness)
    before = harness.last_message_id(ANNA["id"])
    await harness.press(VERA, last(harness, VERA), DECLINE)
    assert "niet uitkomt" in last(harness, VERA)["text"]
    [note] = harness.core.messages(ANNA["id"], before)
    assert "Buurtmaatjes kan hier nu niet op ingaan" in note["text"]
    assert "Misschien past een van deze:" in note["text"]
    assert "1. Koffiekwartier" in note["text"]
    assert note["text"].count("Buurtmaatjes") == 1  # not suggested again
    [row] = await _requests(harness)
    assert (row.state, row.message) == ("declined", None)
    # An old button pressed again changes nothing.
    old = last(harness, VERA)
    await harness.feed({"user": VERA, "press": _press_data(old, "intro:yes:1")})
    closed = harness.current(VERA["id"], old["message_id"])["text"]
    assert closed == "Dit verzoek is al afgehandeld of niet meer geldig."
    assert (await _requests(harness))[0].state == "declined"


async def test_an_unanswered_request_expires_after_a_week(
    harness: BotHarness, clock: FakeClock
) -> None:
    await request_introduction(harness)
    request = last(harness, VERA)
    clock.advance(days=6, hours=23)
    await review_introductions(harness.application.bot, harness.services)
    assert "geen antwoord" not in last(harness, ANNA)["text"]
    clock.advance(hours=1)
    report = await review_introductions(harness.application.bot, harness.services)
    assert report.expired == 1
    note = last(harness, ANNA)
    assert "geen antwoord van Buurtmaatjes" in note["text"]
    assert "Misschien past een van deze:" in note["text"]
    await harness.press(VERA, request, ACCEPT)
    assert last(harness, VERA)["text"] == "Dit verzoek is al afgehandeld of niet meer geldig."
    [row] = await _requests(harness)
    assert (row.state, row.message, row.query) == ("expired", None, None)


async def test_the_message_is_checked_before_it_goes_out(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, QUESTION)
    [prompt] = await harness.press(ANNA, answer, "🤝 1: breng me in contact")
    assert "Noem geen namen of andere gegevens van cliënten" in prompt["text"]
    cases = {
        "Bel me op 06-12345678 voor overleg over een buurvrouw.": "telefoonnummer",
        "Mail me op anna@buurtteam.nl over een buurvrouw graag.": "e-mailadres",
        "Hoi!": "wat kort",
        "x" * 401: "te lang",
    }
    for text, problem in cases.items():
        [reply] = await harness.send(ANNA, text)
        assert problem in reply["text"]
    assert harness.core.messages(VERA["id"], 0)[-1]["text"].startswith("Hoi Vera")
    [sent] = await harness.send(
        ANNA, "Kunnen we op 12-03 om 10.30 uur even bellen over een maatje?"
    )
    assert sent["text"].startswith("✉️ Verstuurd")


async def test_cancel_before_writing_sends_nothing(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, QUESTION)
    [prompt] = await harness.press(ANNA, answer, "🤝 1: breng me in contact")
    await harness.press(ANNA, prompt, "Annuleren")
    assert last(harness, ANNA)["text"] == "Geannuleerd. Er is niets verstuurd."
    # Typed text is a question again.
    [reply] = await harness.send(ANNA, MESSAGE)
    assert "Verstuurd" not in reply["text"]
    assert await _requests(harness) == []


async def test_only_a_current_owner_can_answer(harness: BotHarness) -> None:
    await request_introduction(harness)
    [row] = await _requests(harness)
    await harness.send(WIM, "/start")
    wim_message = last(harness, WIM)
    press = _press_data(wim_message, f"intro:yes:{row.id}")
    [refused] = await harness.feed({"user": WIM, "press": press})
    assert "Alleen de eigenaren" in refused["text"]
    assert (await _requests(harness))[0].state == "requested"


async def test_every_owner_gets_the_request_and_the_first_answer_counts(
    harness: BotHarness,
) -> None:
    await make_reachable(harness, VIA_BOT.id, WIM)
    await request_introduction(harness)
    for_vera, for_wim = last(harness, VERA), last(harness, WIM)
    assert MESSAGE in for_wim["text"]
    await harness.press(WIM, for_wim, ACCEPT)
    await harness.press(VERA, for_vera, DECLINE)
    assert last(harness, VERA)["text"] == "Dit verzoek is al afgehandeld of niet meer geldig."
    [row] = await _requests(harness)
    assert (row.state, row.decided_by) == ("accepted", WIM["id"])


async def test_a_professional_asks_at_most_five_times_a_day(
    harness: BotHarness, clock: FakeClock
) -> None:
    for _ in range(5):
        await request_introduction(harness)
        await harness.press(VERA, last(harness, VERA), DECLINE)
        clock.advance(minutes=10)
    [answer] = await harness.send(ANNA, QUESTION)
    [refused] = await harness.press(ANNA, answer, "🤝 1: breng me in contact")
    assert "al 5 keer om contact" in refused["text"]
    clock.advance(days=1)
    sent = await request_introduction(harness)
    assert sent["text"].startswith("✉️ Verstuurd")


async def test_one_open_request_per_entry_and_none_to_your_own(harness: BotHarness) -> None:
    await request_introduction(harness)
    [answer] = await harness.send(ANNA, QUESTION)
    [again] = await harness.press(ANNA, answer, "🤝 1: breng me in contact")
    assert "Je vroeg al om contact met Buurtmaatjes" in again["text"]
    [own] = await harness.send(VERA, QUESTION)
    [refused] = await harness.press(VERA, own, "🤝 1: breng me in contact")
    assert "Dit is je eigen initiatief" in refused["text"]


async def test_no_introductions_from_group_answers(harness: BotHarness) -> None:
    group = {"id": -2001, "type": "group", "title": "Wijktafel Oost"}
    [answer] = await harness.send(ANNA, f"/vraag {QUESTION}", chat=group)
    assert "💬 via de bot" in answer["text"]
    assert not any(label.startswith("🤝") for label in labels(answer))


async def test_forgetting_removes_the_people_but_keeps_the_counts(harness: BotHarness) -> None:
    await request_introduction(harness)
    [mine] = await harness.send(ANNA, "/mijngegevens")
    assert (
        "Contactverzoek van 23 nov 2026 10:00 aan buurtmaatjes: wacht op antwoord" in (mine["text"])
    )
    assert MESSAGE in mine["text"]
    [confirm] = await harness.send(ANNA, "/vergeetmij")
    await harness.press(ANNA, confirm, "Ja, wis alles")
    [row] = await _requests(harness)
    assert (row.professional_id, row.message, row.state) == (None, None, "withdrawn")
    await harness.press(VERA, last(harness, VERA), ACCEPT)
    assert last(harness, VERA)["text"] == "Dit verzoek is al afgehandeld of niet meer geldig."
    [stats] = await harness.send(COR, "/introducties")
    assert "Indische Buurt: 1 gevraagd · 0 geaccepteerd" in stats["text"]


async def test_introductions_are_for_coordinators_only(harness: BotHarness) -> None:
    [refused] = await harness.send(ANNA, "/introducties")
    assert "coördinator" in refused["text"]
    [empty] = await harness.send(COR, "/introductions")
    assert empty["text"] == "Er zijn nog geen introducties gevraagd."


def _press_data(message: dict[str, Any], data: str) -> dict[str, Any]:
    return {"message_id": message["message_id"], "data": data}


async def test_a_restart_while_writing_keeps_the_request(
    database_url: str, clock: FakeClock
) -> None:
    offers = [*MAP, VIA_BOT]
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=offers) as first:
        await make_reachable(first, VIA_BOT.id, VERA)
        [answer] = await first.send(ANNA, QUESTION)
        await first.press(ANNA, answer, "🤝 1: breng me in contact")
    async with BotHarness.started(database_url, clock, {ADMIN_ID}) as second:
        await second.send(VERA, "/start")
        [sent] = await second.send(ANNA, MESSAGE)
        assert sent["text"].startswith("✉️ Verstuurd naar Buurtmaatjes")
        assert MESSAGE in last(second, VERA)["text"]


async def test_an_abandoned_draft_is_dropped_after_an_hour(
    harness: BotHarness, clock: FakeClock
) -> None:
    [answer] = await harness.send(ANNA, QUESTION)
    await harness.press(ANNA, answer, "🤝 1: breng me in contact")
    clock.advance(minutes=61)
    await review_introductions(harness.application.bot, harness.services)
    assert await _requests(harness) == []
    [reply] = await harness.send(ANNA, MESSAGE)
    assert "Verstuurd" not in reply["text"]


async def test_counts_page_through_many_areas(harness: BotHarness, clock: FakeClock) -> None:
    async with harness.services.db.transaction() as session:
        for number in range(12):
            session.add(
                IntroRequest(
                    offer_id=VIA_BOT.id,
                    area=f"Buurt {number:02d}",
                    state="declined",
                    created_at=clock(),
                    requested_at=clock(),
                )
            )
    [stats] = await harness.send(COR, "/introducties")
    assert "Totaal: 12 gevraagd · 0 geaccepteerd" in stats["text"]
    assert "Buurt 09" in stats["text"]
    assert "Buurt 10" not in stats["text"]
    assert labels(stats) == ["Meer ▸"]
    await harness.press(COR, stats, "Meer ▸")
    page_two = harness.current(ADMIN_ID, stats["message_id"])
    assert "Buurt 11: 1 gevraagd" in page_two["text"]
    assert labels(page_two) == ["◂ Terug"]


async def test_an_entry_whose_owner_left_is_no_longer_reachable(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, QUESTION)
    [prompt] = await harness.press(ANNA, answer, "🤝 1: breng me in contact")
    assert "Contact met Buurtmaatjes" in prompt["text"]
    [confirm] = await harness.send(VERA, "/vergeetmij")
    await harness.press(VERA, confirm, "Ja, wis alles")
    [reply] = await harness.send(ANNA, MESSAGE)
    assert "Buurtmaatjes is nu niet via de bot bereikbaar" in reply["text"]
    [refused] = await harness.press(ANNA, answer, "🤝 1: breng me in contact")
    assert "niet via de bot bereikbaar" in refused["text"]
    [again] = await harness.send(ANNA, QUESTION)
    assert "💬 via de bot" not in again["text"]
    assert await _requests(harness) == []
