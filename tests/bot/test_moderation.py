"""Moderation: coordinators approve, send back or reject; only approved entries are found."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import OfferChange, OfferOwner, OfferSubmission
from bot.socialmap.repository import OfferRepository
from tests.bot.test_privacy import _rows_mentioning
from tests.bot.test_signup import COR, VERA, complete_signup, last
from tests.harness import BotHarness, labels, user

QUERY = "koffie voor eenzame ouderen in de Dapperbuurt"


async def _found(harness: BotHarness) -> list[str]:
    matcher = await harness.services.map.matcher()
    return [hit.offer.id for hit in matcher.search(QUERY, limit=5).results]


async def _submitted(harness: BotHarness) -> dict[str, Any]:
    await harness.send(COR, "/start")
    before = harness.last_message_id(COR["id"])
    await complete_signup(harness)
    [note] = harness.core.messages(COR["id"], before)
    return note


async def test_approval_publishes_the_entry_with_owner_and_audit_trail(
    harness: BotHarness,
) -> None:
    note = await _submitted(harness)
    assert "koffie-op-dinsdag" not in await _found(harness)
    await harness.press(COR, note, "✅ Goedkeuren")
    assert harness.current(COR["id"], note["message_id"])["text"].startswith(
        "✅ Aanmelding #1 goedgekeurd"
    )
    assert "staat op de sociale kaart" in last(harness, VERA)["text"]
    assert (await _found(harness))[0] == "koffie-op-dinsdag"
    [answer] = await harness.send(user(1003, name="Pim"), QUERY)
    assert "1. Koffie op Dinsdag" in answer["text"]
    async with harness.services.db.transaction() as session:
        offer = await OfferRepository(session).get("koffie-op-dinsdag")
        owners = (await session.scalars(select(OfferOwner))).all()
        changes = (await session.scalars(select(OfferChange))).all()
    assert offer is not None
    assert offer.last_verified is not None
    assert [(o.offer_id, o.user_id) for o in owners] == [("koffie-op-dinsdag", VERA["id"])]
    by_field = {c.field: (c.old, c.new, c.actor_id) for c in changes}
    assert by_field["name"] == (None, "Koffie op Dinsdag", COR["id"])
    assert by_field["areas"] == (None, "Dapperbuurt", COR["id"])
    # A second press (from another coordinator's copy, say) finds it already handled.
    data = note["reply_markup"]["inline_keyboard"][2][0]["callback_data"]
    [again] = await harness.feed(
        {"user": COR, "press": {"message_id": note["message_id"], "data": data}}
    )
    assert again["text"] == "Aanmelding #1 is al afgehandeld."


async def test_a_change_request_goes_to_the_owner_who_sends_it_again(
    harness: BotHarness,
) -> None:
    note = await _submitted(harness)
    [ask] = await harness.press(COR, note, "✏️ Vraag een aanpassing")
    assert "Typ wat er aangepast moet worden bij #1" in ask["text"]
    [done] = await harness.send(COR, "Kun je de tijden preciezer maken?")
    assert done["text"].startswith("Verstuurd")
    request = last(harness, VERA)
    assert "Kun je de tijden preciezer maken?" in request["text"]
    assert "✅ Klopt, insturen" in labels(request)
    [when] = await harness.press(VERA, request, "✏️ Wanneer")
    assert "Wanneer?" in when["text"]
    [card] = await harness.send(VERA, "elke dinsdag 10:00-12:00 in de Dappertuin")
    assert "🕒 elke dinsdag 10:00-12:00 in de Dappertuin" in card["text"]
    before = harness.last_message_id(COR["id"])
    await harness.press(VERA, card, "✅ Klopt, insturen")
    [again] = harness.core.messages(COR["id"], before)
    assert again["text"].startswith("📝 Aanmelding #1 wacht op goedkeuring")
    async with harness.services.db.transaction() as session:
        [row] = (await session.scalars(select(OfferSubmission))).all()
    assert (row.state, row.data["schedule"]) == (
        "pending",
        "elke dinsdag 10:00-12:00 in de Dappertuin",
    )
    assert "koffie-op-dinsdag" not in await _found(harness)


async def test_a_rejection_sends_the_reason(harness: BotHarness) -> None:
    note = await _submitted(harness)
    await harness.press(COR, note, "⛔ Afwijzen")
    await harness.send(COR, "Dit is een commercieel bedrijf.")
    assert "De coördinator schrijft: Dit is een commercieel bedrijf." in last(harness, VERA)["text"]
    async with harness.services.db.transaction() as session:
        [row] = (await session.scalars(select(OfferSubmission))).all()
    assert (row.state, row.reason) == ("rejected", "Dit is een commercieel bedrijf.")
    # The coordinator's next message is an ordinary question again.
    [answer] = await harness.send(COR, "eenzaamheid oost")
    assert "afgewezen" not in answer["text"]


async def test_the_queue_is_for_coordinators_only(harness: BotHarness) -> None:
    note = await _submitted(harness)
    [listing] = await harness.send(COR, "/wachtrij")
    assert "Wachtrij (1)" in listing["text"]
    assert "#1 Koffie op Dinsdag" in listing["text"]
    [shown] = await harness.press(COR, listing, "🔎 #1")
    assert "Koffie op Dinsdag" in shown["text"]
    [refused] = await harness.send(VERA, "/wachtrij")
    assert refused["text"].startswith("Sorry, /wachtrij is alleen voor de rol coördinator")
    # A forged press on the owner's own chat cannot approve: the role is checked on every press.
    data = note["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    mine = last(harness, VERA)
    [forged] = await harness.feed(
        {"user": VERA, "press": {"message_id": mine["message_id"], "data": data}}
    )
    assert forged["text"].startswith("Sorry")
    assert "koffie-op-dinsdag" not in await _found(harness)


async def test_forget_by_an_owner_keeps_the_initiative_for_the_coordinators(
    harness: BotHarness,
) -> None:
    note = await _submitted(harness)
    await harness.press(COR, note, "✅ Goedkeuren")
    [confirm] = await harness.send(VERA, "/vergeetmij")
    assert "je bent eigenaar van 1 initiatief(en)" in confirm["text"]
    await harness.press(VERA, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, VERA["id"]) == []
    async with harness.services.db.transaction() as session:
        assert await OfferRepository(session).get("koffie-op-dinsdag") is not None
        assert (await session.scalars(select(OfferOwner))).all() == []
        owner_change = await session.scalar(select(OfferChange).where(OfferChange.field == "owner"))
    assert owner_change is not None
    assert owner_change.new == "coordinators"
    assert "koffie-op-dinsdag" in await _found(harness)


async def test_forget_removes_drafts_and_open_submissions(harness: BotHarness) -> None:
    await _submitted(harness)
    await harness.send(VERA, "/aanmelden")
    await harness.send(VERA, "Tweede initiatief")
    [confirm] = await harness.send(VERA, "/vergeetmij")
    assert "eigenaar" not in confirm["text"]
    await harness.press(VERA, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, VERA["id"]) == []
    async with harness.services.db.transaction() as session:
        assert (await session.scalars(select(OfferSubmission))).all() == []


async def test_my_initiative_shows_what_was_sent_in_and_its_state(harness: BotHarness) -> None:
    note = await _submitted(harness)
    [waiting] = await harness.send(VERA, "/mijninitiatief")
    assert "Je beheert nog geen initiatief" in waiting["text"]
    assert "Koffie op Dinsdag: wacht op een coördinator" in waiting["text"]
    assert "Meld er een aan" not in waiting["text"]
    await harness.press(COR, note, "✏️ Vraag een aanpassing")
    await harness.send(COR, "Kun je de tijden preciezer maken?")
    [asked] = await harness.send(VERA, "/mijninitiatief")
    assert (
        "Koffie op Dinsdag: aanpassing gevraagd: „Kun je de tijden preciezer maken?”"
        in asked["text"]
    )
    [welcome] = await harness.send(VERA, "/aanmelden")
    assert welcome["text"].startswith(
        "Welkom terug! We gaan verder waar je was.\n"
        "De coördinator vroeg: „Kun je de tijden preciezer maken?”"
    )
    await harness.press(VERA, welcome, "✅ Klopt, insturen")
    [again] = await harness.send(VERA, "/mijninitiatief")
    assert "Koffie op Dinsdag: wacht op een coördinator" in again["text"]


async def test_my_initiative_shows_a_rejection_with_the_reason(harness: BotHarness) -> None:
    note = await _submitted(harness)
    await harness.press(COR, note, "⛔ Afwijzen")
    await harness.send(COR, "Dit is een commercieel bedrijf.")
    [listing] = await harness.send(VERA, "/mijninitiatief")
    assert "Koffie op Dinsdag: afgewezen: „Dit is een commercieel bedrijf.”" in listing["text"]
