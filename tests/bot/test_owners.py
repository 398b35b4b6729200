"""/mijninitiatief: owners edit (checked fields through moderation), pause, remove, invite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import OfferChange, OfferOwner, OfferSubmission, OwnerInvite
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer
from tests.bot.test_privacy import _rows_mentioning
from tests.bot.test_signup import COR, VERA, complete_signup, last
from tests.harness import BotHarness, labels, user

ENTRY = "koffie-op-dinsdag"
PIM = user(1020, "nl", "Pim")


async def publish(harness: BotHarness) -> None:
    """Vera signs up Koffie op Dinsdag and Cor approves it."""
    await harness.send(COR, "/start")
    before = harness.last_message_id(COR["id"])
    await complete_signup(harness)
    [note] = harness.core.messages(COR["id"], before)
    await harness.press(COR, note, "✅ Goedkeuren")


async def entry(harness: BotHarness) -> Offer | None:
    async with harness.services.db.transaction() as session:
        return await OfferRepository(session).get(ENTRY)


async def open_menu(harness: BotHarness, who: dict[str, Any] = VERA) -> dict[str, Any]:
    [listing] = await harness.send(who, "/mijninitiatief")
    assert "Koffie op Dinsdag" in listing["text"]
    await harness.press(who, listing, "📄 Koffie op Dinsdag")
    return harness.current(who["id"], listing["message_id"])


async def found(harness: BotHarness) -> list[str]:
    matcher = await harness.services.map.matcher()
    hits = matcher.search("koffie voor eenzame ouderen in de Dapperbuurt", limit=5).results
    return [hit.offer.id for hit in hits]


async def test_someone_without_entries_is_pointed_to_the_sign_up(harness: BotHarness) -> None:
    [reply] = await harness.send(PIM, "/mijninitiatief")
    assert "/aanmelden" in reply["text"]


async def test_a_contact_edit_goes_live_at_once_and_is_logged(harness: BotHarness) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    assert labels(menu) == [
        "✏️ Aanpassen",
        "✅ Klopt nog",
        "⏸ Pauzeren",
        "🗑 Verwijderen",
        "👥 Mede-beheerder uitnodigen",
        "◂ Terug",
    ]
    await harness.press(VERA, menu, "✏️ Aanpassen")
    fields = last(harness, VERA)
    [contact] = await harness.press(VERA, fields, "✏️ Contact")
    assert "Hoe kunnen mensen jullie bereiken?" in contact["text"]
    [bad] = await harness.send(VERA, "hallo@koffie")
    assert "is geen geldig e-mailadres" in bad["text"]
    [preview] = await harness.send(VERA, "hallo@koffiedinsdag.nl")
    assert "hallo@koffiedinsdag.nl" in preview["text"]
    before = harness.last_message_id(COR["id"])
    await harness.press(VERA, preview, "✅ Klopt, insturen")
    assert "Meteen aangepast: E-mail" in last(harness, VERA)["text"]
    assert harness.core.messages(COR["id"], before) == []
    offer = await entry(harness)
    assert offer is not None
    assert offer.email == "hallo@koffiedinsdag.nl"
    async with harness.services.db.transaction() as session:
        changes = (
            await session.scalars(select(OfferChange).where(OfferChange.field == "email"))
        ).all()
        queued = (
            await session.scalars(select(OfferSubmission).where(OfferSubmission.state == "pending"))
        ).all()
    assert [(c.old, c.new, c.actor_id) for c in changes][-1] == (
        "info@koffiedinsdag.nl",
        "hallo@koffiedinsdag.nl",
        VERA["id"],
    )
    assert queued == []


async def test_a_name_edit_waits_for_a_coordinator_who_sees_old_and_new(
    harness: BotHarness,
) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    await harness.press(VERA, menu, "✏️ Aanpassen")
    await harness.press(VERA, last(harness, VERA), "✏️ Naam")
    [preview] = await harness.send(VERA, "Koffie op Dinsdag en Donderdag")
    before = harness.last_message_id(COR["id"])
    await harness.press(VERA, preview, "✅ Klopt, insturen")
    assert "Naar een coördinator: Naam" in last(harness, VERA)["text"]
    [note] = harness.core.messages(COR["id"], before)
    assert note["text"].startswith("✏️ Aanpassing #2 van Koffie op Dinsdag wacht")
    assert "Naam: Koffie op Dinsdag → Koffie op Dinsdag en Donderdag" in note["text"]
    # Until approved, the map keeps the old name.
    offer = await entry(harness)
    assert offer is not None
    assert offer.name == "Koffie op Dinsdag"
    [queue] = await harness.send(COR, "/wachtrij")
    assert "Koffie op Dinsdag en Donderdag" in queue["text"]
    await harness.press(COR, note, "✅ Goedkeuren")
    assert (
        "aanpassing van Koffie op Dinsdag en Donderdag is goedgekeurd"
        in (last(harness, VERA)["text"])
    )
    offer = await entry(harness)
    assert offer is not None
    assert (offer.name, offer.email) == ("Koffie op Dinsdag en Donderdag", "info@koffiedinsdag.nl")
    async with harness.services.db.transaction() as session:
        names = (
            await session.scalars(select(OfferChange).where(OfferChange.field == "name"))
        ).all()
    assert [(c.old, c.new) for c in names][-1] == (
        "Koffie op Dinsdag",
        "Koffie op Dinsdag en Donderdag",
    )


async def test_pause_hides_the_entry_and_resume_brings_it_back(harness: BotHarness) -> None:
    await publish(harness)
    assert ENTRY in await found(harness)
    menu = await open_menu(harness)
    await harness.press(VERA, menu, "⏸ Pauzeren")
    assert ENTRY not in await found(harness)
    menu = harness.current(VERA["id"], menu["message_id"])
    assert "Gepauzeerd" in menu["text"]
    assert "▶️ Hervatten" in labels(menu)
    await harness.press(VERA, menu, "▶️ Hervatten")
    assert ENTRY in await found(harness)


async def test_removing_asks_first_and_keeps_the_record_in_the_audit_trail(
    harness: BotHarness,
) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    await harness.press(VERA, menu, "🗑 Verwijderen")
    confirm = harness.current(VERA["id"], menu["message_id"])
    assert "Weet je het zeker?" in confirm["text"]
    await harness.press(VERA, confirm, "Nee, laten staan")
    assert await entry(harness) is not None
    confirm = harness.current(VERA["id"], menu["message_id"])
    await harness.press(VERA, confirm, "🗑 Verwijderen")
    await harness.press(VERA, harness.current(VERA["id"], menu["message_id"]), "🗑 Ja, verwijderen")
    assert await entry(harness) is None
    assert ENTRY not in await found(harness)
    async with harness.services.db.transaction() as session:
        [removed] = (
            await session.scalars(select(OfferChange).where(OfferChange.field == "removed"))
        ).all()
    assert removed.old is not None
    assert '"name": "Koffie op Dinsdag"' in removed.old


async def test_someone_else_cannot_use_an_owners_buttons(harness: BotHarness) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    data = menu["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    # Pim forges the pause button's data on a message in his own chat.
    [greeting] = await harness.send(PIM, "/start")
    [refused] = await harness.feed(
        {"user": PIM, "press": {"message_id": greeting["message_id"], "data": data}}
    )
    assert "beheer je (niet meer)" in refused["text"]
    offer = await entry(harness)
    assert offer is not None
    assert offer.active


async def test_a_co_owner_invitation_works_once(harness: BotHarness) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    [invite] = await harness.press(VERA, menu, "👥 Mede-beheerder uitnodigen")
    link = invite["text"].split("\n")[-1]
    assert link.startswith("https://t.me/")
    payload = link.split("?start=")[1]
    assert payload.startswith("co_")
    assert len(payload) <= 64
    async with harness.services.db.transaction() as session:
        [stored] = (await session.scalars(select(OwnerInvite))).all()
    assert payload[3:] not in stored.token_hash  # only a hash is kept
    replies = await harness.follow_link(PIM, payload)
    assert "Je beheert nu samen Koffie op Dinsdag" in replies[0]["text"]
    assert "✏️ Aanpassen" in labels(replies[1])
    [again] = await harness.send(user(1021, "nl", "Sam"), f"/start {payload}")
    assert "al gebruikt" in again["text"]
    [wrong] = await harness.send(PIM, "/start co_nietbestaand")
    assert "ken ik niet" in wrong["text"]
    async with harness.services.db.transaction() as session:
        owners = (await session.scalars(select(OfferOwner.user_id))).all()
    assert sorted(owners) == [VERA["id"], PIM["id"]]


async def test_an_invitation_expires_after_a_week(harness: BotHarness) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    [invite] = await harness.press(VERA, menu, "👥 Mede-beheerder uitnodigen")
    payload = invite["text"].split("?start=")[1].strip()
    harness.clock.advance(days=8)
    [late] = await harness.send(PIM, f"/start {payload}")
    assert "verlopen" in late["text"]


async def test_my_data_lists_invitations_and_forget_removes_them(harness: BotHarness) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    await harness.press(VERA, menu, "👥 Mede-beheerder uitnodigen")
    [mine] = await harness.send(VERA, "/mijngegevens")
    assert "Open uitnodigingen voor mede-beheer die je stuurde: 1" in mine["text"]
    [confirm] = await harness.send(VERA, "/vergeetmij")
    await harness.press(VERA, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, VERA["id"]) == []
