""" "Klopt dit nog?": the whole cycle on a controllable clock, and the coordinators' side."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import SettingsError, settings_from_mapping
from bot.db.models import OfferFreshness
from bot.owners.jobs import FreshnessReport, review_freshness
from tests.bot.test_owners import ENTRY, entry, found, publish
from tests.bot.test_signup import COR, VERA, last
from tests.harness import BotHarness, labels, user

APPROVED_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
QUERY = "koffie voor eenzame ouderen in de Dapperbuurt"


async def run(harness: BotHarness) -> FreshnessReport:
    """One scheduled run of the freshness job, at the clock's current time."""
    return await review_freshness(harness.application.bot, harness.services)


async def day(harness: BotHarness, number: int) -> FreshnessReport:
    """Move the clock to `number` days after the entry was approved and run the job."""
    harness.clock.now = APPROVED_AT + timedelta(days=number)
    return await run(harness)


async def score(harness: BotHarness) -> float | None:
    matcher = await harness.services.map.matcher()
    hits = matcher.search(QUERY, limit=10).results
    return next((hit.score for hit in hits if hit.offer.id == ENTRY), None)


async def check(harness: BotHarness) -> OfferFreshness | None:
    async with harness.services.db.transaction() as session:
        return await session.get(OfferFreshness, ENTRY)


def messages(harness: BotHarness, who: dict[str, Any], after: int) -> list[dict[str, Any]]:
    return harness.core.messages(who["id"], after)


async def test_asked_after_90_days_reminded_twice_then_lowered_and_flagged(
    harness: BotHarness,
) -> None:
    await publish(harness)
    approved = await entry(harness)
    assert approved is not None
    assert approved.last_verified == date(2026, 11, 23)
    fresh_score = await score(harness)
    assert fresh_score is not None

    assert await day(harness, 89) == FreshnessReport()
    before = harness.last_message_id(VERA["id"])
    assert (await day(harness, 90)).asked == 1
    [question] = messages(harness, VERA, before)
    assert question["text"].startswith("👋 Klopt dit nog?")
    assert "📍 Dapperbuurt" in question["text"]
    assert labels(question) == ["✅ Ja, klopt", "✏️ Aanpassen", "🛑 We zijn gestopt"]
    # A second run (or a restarted bot) asks nothing twice.
    assert await run(harness) == FreshnessReport()
    assert messages(harness, VERA, question["message_id"]) == []

    assert (await day(harness, 96)).reminded == 0
    assert (await day(harness, 97)).reminded == 1
    assert last(harness, VERA)["text"].startswith("⏰ Herinnering: klopt dit nog?")
    assert (await day(harness, 104)).reminded == 1
    assert (await day(harness, 110)) == FreshnessReport()
    assert await score(harness) == fresh_score
    [empty] = await harness.send(COR, "/verouderd")
    assert "niets verouderd" in empty["text"]

    cor_before = harness.last_message_id(COR["id"])
    assert (await day(harness, 111)).flagged == 1
    [alert] = messages(harness, COR, cor_before)
    assert "Koffie op Dinsdag" in alert["text"]
    assert "/verouderd" in alert["text"]
    lowered = await score(harness)
    assert lowered is not None
    assert lowered < fresh_score
    [stale] = await harness.send(COR, "/verouderd")
    assert "Koffie op Dinsdag (koffie-op-dinsdag)" in stale["text"]
    assert "lager in de resultaten" in stale["text"]
    [refused] = await harness.send(VERA, "/verouderd")
    assert "coördinator" in refused["text"]


async def test_hidden_after_180_days_until_a_yes_brings_it_back(harness: BotHarness) -> None:
    await publish(harness)
    fresh_score = await score(harness)
    before = harness.last_message_id(VERA["id"])
    await day(harness, 90)
    question = messages(harness, VERA, before)[0]
    for number in (97, 104, 111):
        await day(harness, number)
    assert await score(harness) is not None
    assert await day(harness, 179) == FreshnessReport()
    assert (await day(harness, 180)).hidden == 1
    assert ENTRY not in await found(harness)
    kept = await entry(harness)
    assert kept is not None  # hidden, not deleted
    assert kept.active
    [stale] = await harness.send(COR, "/verouderd")
    assert "niet meer getoond" in stale["text"]

    await harness.press(VERA, question, "✅ Ja, klopt")
    thanks = harness.current(VERA["id"], question["message_id"])
    assert "Dank je!" in thanks["text"]
    confirmed = await entry(harness)
    assert confirmed is not None
    assert confirmed.last_verified == date(2027, 5, 22)
    assert await check(harness) is None
    assert await score(harness) == fresh_score
    [empty] = await harness.send(COR, "/verouderd")
    assert "niets verouderd" in empty["text"]
    # The next question comes 90 days after this "ja".
    assert (await day(harness, 180 + 89)).asked == 0
    assert (await day(harness, 180 + 90)).asked == 1


async def test_we_have_stopped_pauses_the_entry_without_deleting_it(
    harness: BotHarness,
) -> None:
    await publish(harness)
    before = harness.last_message_id(VERA["id"])
    await day(harness, 90)
    [question] = messages(harness, VERA, before)
    await harness.press(VERA, question, "🛑 We zijn gestopt")
    done = harness.current(VERA["id"], question["message_id"])
    assert "van de kaart gehaald (niet gewist)" in done["text"]
    stopped = await entry(harness)
    assert stopped is not None
    assert stopped.status == "inactive"
    assert ENTRY not in await found(harness)
    assert await check(harness) is None
    # Paused entries are not asked again.
    assert (await day(harness, 200)).asked == 0
    [listing] = await harness.send(VERA, "/mijninitiatief")
    assert "(gepauzeerd)" in listing["text"]


async def test_change_it_opens_the_entry_and_sending_counts_as_confirmation(
    harness: BotHarness,
) -> None:
    await publish(harness)
    before = harness.last_message_id(VERA["id"])
    await day(harness, 90)
    [question] = messages(harness, VERA, before)
    [menu] = await harness.press(VERA, question, "✏️ Aanpassen")
    assert "✏️ Aanpassen" in labels(menu)
    await harness.press(VERA, menu, "✏️ Aanpassen")
    await harness.press(VERA, last(harness, VERA), "✏️ Wanneer")
    [preview] = await harness.send(VERA, "elke dinsdag en donderdag 10-12 uur")
    await harness.press(VERA, preview, "✅ Klopt, insturen")
    assert "Meteen aangepast: Wanneer" in last(harness, VERA)["text"]
    changed = await entry(harness)
    assert changed is not None
    assert changed.schedule == "elke dinsdag en donderdag 10-12 uur"
    assert changed.last_verified == date(2027, 2, 21)
    assert await check(harness) is None


async def test_the_owner_can_confirm_from_their_menu_without_the_question(
    harness: BotHarness,
) -> None:
    await publish(harness)
    for number in (90, 97, 104, 111):
        await day(harness, number)
    flagged = await check(harness)
    assert flagged is not None
    assert flagged.flagged_at is not None
    [listing] = await harness.send(VERA, "/mijninitiatief")
    await harness.press(VERA, listing, "📄 Koffie op Dinsdag")
    [thanks] = await harness.press(
        VERA, harness.current(VERA["id"], listing["message_id"]), "✅ Klopt nog"
    )
    assert "Dank je!" in thanks["text"]
    assert await check(harness) is None
    confirmed = await entry(harness)
    assert confirmed is not None
    assert confirmed.last_verified == date(2027, 3, 14)
    [empty] = await harness.send(COR, "/verouderd")
    assert "niets verouderd" in empty["text"]


async def test_a_coordinator_asks_a_whole_area_at_once(harness: BotHarness) -> None:
    await publish(harness)
    [usage] = await harness.send(COR, "/controleer")
    assert "/controleer Oost" in usage["text"]
    [unknown] = await harness.send(COR, "/controleer Xyzzyplein")
    assert "ken ik niet" in unknown["text"]
    [refused] = await harness.send(VERA, "/controleer Oost")
    assert "coördinator" in refused["text"]
    before = harness.last_message_id(VERA["id"])
    [done] = await harness.send(COR, "/controleer Oost")
    assert "gestuurd voor 1 initiatieven in Oost" in done["text"]
    [question] = messages(harness, VERA, before)
    assert question["text"].startswith("👋 Klopt dit nog?")
    opened = await check(harness)
    assert opened is not None
    assert opened.reminders == 0
    # Nothing in Nieuw-West is owned by anyone: nobody is asked.
    [none] = await harness.send(COR, "/controleer Nieuw-West")
    assert "gestuurd voor 0 initiatieven" in none["text"]
    # The check then follows the same reminders.
    harness.clock.advance(days=7)
    assert (await run(harness)).reminded == 1


async def test_an_owner_who_blocked_the_bot_ends_up_flagged(harness: BotHarness) -> None:
    await publish(harness)
    harness.core.block(VERA["id"])
    await day(harness, 90)
    await day(harness, 97)
    await day(harness, 104)
    assert (await day(harness, 111)).flagged == 1
    async with harness.services.db.transaction() as session:
        [row] = (await session.scalars(select(OfferFreshness))).all()
    assert row.flagged_at is not None


def test_freshness_settings_are_checked() -> None:
    settings = settings_from_mapping({"WIJKWIJZER_FRESHNESS_DAYS": "30"})
    assert (settings.freshness_days, settings.freshness_hide_days) == (30, 180)
    with pytest.raises(SettingsError, match="FRESHNESS_DAYS must be a number of days"):
        settings_from_mapping({"WIJKWIJZER_FRESHNESS_DAYS": "soon"})
    with pytest.raises(SettingsError, match="must be more than"):
        settings_from_mapping({"WIJKWIJZER_FRESHNESS_HIDE_DAYS": "60"})


async def test_a_stranger_cannot_answer_for_an_entry(harness: BotHarness) -> None:
    await publish(harness)
    before = harness.last_message_id(VERA["id"])
    await day(harness, 90)
    [question] = messages(harness, VERA, before)
    data = question["reply_markup"]["inline_keyboard"][2][0]["callback_data"]
    pim = user(1020, "nl", "Pim")
    [greeting] = await harness.send(pim, "/start")
    [refused] = await harness.feed(
        {"user": pim, "press": {"message_id": greeting["message_id"], "data": data}}
    )
    assert "beheer je (niet meer)" in refused["text"]
    still = await entry(harness)
    assert still is not None
    assert still.active
