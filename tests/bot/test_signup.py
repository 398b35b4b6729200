"""The sign-up conversation: every step validates, goes back, stops, and survives a restart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import OfferSubmission, SignupDraft
from bot.signup.jobs import JOB_NAME, review_drafts
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user

VERA = user(1010, "nl", "Vera")
COR = user(ADMIN_ID, "nl", "Cor")
GROUP = {"id": -2001, "type": "group", "title": "Wijktafel Oost"}
DESCRIPTION = "Elke dinsdag koffie en een praatje voor eenzame ouderen in de buurt."


def last(harness: BotHarness, who: dict[str, Any]) -> dict[str, Any]:
    """The newest bot message (as it is now, after edits) in the person's chat."""
    return harness.core.messages(who["id"], 0)[-1]


async def press_last(harness: BotHarness, who: dict[str, Any], label: str) -> None:
    """Press a button on the newest bot message in the person's chat."""
    await harness.press(who, last(harness, who), label)


async def fill_until_contact(harness: BotHarness, who: dict[str, Any] = VERA) -> None:
    """Name, description, themes, a typo'd area confirmed, target groups and when."""
    await harness.send(who, "/aanmelden")
    await harness.send(who, "Koffie op Dinsdag")
    [themes] = await harness.send(who, DESCRIPTION)
    assert "✅ eenzaamheid" in labels(themes)
    await harness.press(who, themes, "Klaar ▸")
    [confirm] = await harness.send(who, "Dappurbuurt")
    assert "Bedoel je: Dapperbuurt?" in confirm["text"]
    await harness.press(who, confirm, "✓ Ja, klopt")
    await press_last(harness, who, "Klaar ▸")
    await press_last(harness, who, "Klaar ▸")
    await harness.send(who, "elke dinsdag 10-12 uur")


async def complete_signup(harness: BotHarness, who: dict[str, Any] = VERA) -> None:
    """A whole sign-up, sent in (the coordinator should have opened the bot first)."""
    await fill_until_contact(harness, who)
    await harness.send(who, "info@koffiedinsdag.nl")
    await press_last(harness, who, "Klaar ▸")
    await press_last(harness, who, "✅ Ja, publiceer het")
    await press_last(harness, who, "✅ Klopt, insturen")


async def _draft(harness: BotHarness, who: dict[str, Any] = VERA) -> SignupDraft | None:
    async with harness.services.db.transaction() as session:
        return await session.get(SignupDraft, who["id"])


async def test_complete_sign_up_reaches_the_queue(harness: BotHarness) -> None:
    await harness.send(COR, "/start")
    await fill_until_contact(harness)
    assert "Hoe kunnen mensen jullie bereiken?" in last(harness, VERA)["text"]
    [wrong] = await harness.send(VERA, "info@koffie")
    assert "„info@koffie” is geen geldig e-mailadres" in wrong["text"]
    [languages] = await harness.send(VERA, "info@koffiedinsdag.nl")
    assert "Welke talen" in languages["text"]
    await harness.press(VERA, languages, "Nederlands")
    assert "✅ Nederlands" in labels(last(harness, VERA))
    await press_last(harness, VERA, "Klaar ▸")
    [card] = await harness.press(VERA, last(harness, VERA), "✅ Ja, publiceer het")
    assert card["text"].startswith("Koffie op Dinsdag\n\nElke dinsdag koffie")
    for fragment in ("📍 Dapperbuurt", "🕒 elke dinsdag 10-12 uur", "☎️ info@koffiedinsdag.nl"):
        assert fragment in card["text"]
    assert labels(card)[:3] == ["✅ Klopt, insturen", "✏️ Naam", "✏️ Beschrijving"]
    before = harness.last_message_id(ADMIN_ID)
    await harness.press(VERA, card, "✅ Klopt, insturen")
    assert "is ingestuurd" in last(harness, VERA)["text"]
    [note] = harness.core.messages(ADMIN_ID, before)
    assert note["text"].startswith("📝 Aanmelding #1 wacht op goedkeuring")
    assert labels(note) == ["✅ Goedkeuren", "✏️ Vraag een aanpassing", "⛔ Afwijzen"]
    assert await _draft(harness) is None
    async with harness.services.db.transaction() as session:
        [row] = (await session.scalars(select(OfferSubmission))).all()
    assert (row.state, row.owner_id, row.data["areas"]) == ("pending", VERA["id"], ["Dapperbuurt"])
    assert row.data["email"] == "info@koffiedinsdag.nl"


async def test_an_unknown_area_gets_suggestions_as_buttons(harness: BotHarness) -> None:
    await harness.send(VERA, "/aanmelden")
    await harness.send(VERA, "Koffie op Dinsdag")
    [themes] = await harness.send(VERA, DESCRIPTION)
    await harness.press(VERA, themes, "Klaar ▸")
    [reply] = await harness.send(VERA, "indiese buurt")
    assert "„indiese buurt” ken ik niet" in reply["text"]
    assert "📍 Indische Buurt" in labels(reply)
    await harness.press(VERA, reply, "📍 Indische Buurt")
    now = harness.current(VERA["id"], reply["message_id"])
    assert "Gekozen gebieden: Indische Buurt" in now["text"]
    await harness.press(VERA, now, "🏙 Heel Amsterdam")
    assert "Gekozen gebieden: Amsterdam" in last(harness, VERA)["text"]
    [groups] = await harness.press(VERA, last(harness, VERA), "Klaar ▸")
    assert "Voor wie is het vooral?" in groups["text"]


async def test_descriptions_are_checked_for_length(harness: BotHarness) -> None:
    await harness.send(VERA, "/aanmelden")
    await harness.send(VERA, "Koffie op Dinsdag")
    [short] = await harness.send(VERA, "koffie")
    assert "erg kort" in short["text"]
    [long] = await harness.send(VERA, "koffie " * 100)
    assert "Dat is 699 tekens; het mag er hoogstens 600 zijn" in long["text"]
    draft = await _draft(harness)
    assert draft is not None
    assert draft.step == "description"


async def test_a_phone_number_needs_to_be_an_organisations_public_number(
    harness: BotHarness,
) -> None:
    await fill_until_contact(harness)
    [question] = await harness.send(VERA, "bel 06 12345678")
    assert "openbare nummer van een organisatie" in question["text"]
    [dropped] = await harness.press(VERA, question, "Nee, laat het weg")
    assert "het nummer laat ik weg" in dropped["text"]
    [question] = await harness.send(VERA, "020 123 4567 of www.koffiedinsdag.nl")
    [languages] = await harness.press(VERA, question, "Ja, openbaar nummer van een organisatie")
    assert "Welke talen" in languages["text"]
    draft = await _draft(harness)
    assert draft is not None
    assert (draft.data["phone"], draft.data["url"]) == (
        "020 123 4567",
        "https://www.koffiedinsdag.nl",
    )


async def test_via_the_bot_needs_no_contact_details(harness: BotHarness) -> None:
    await fill_until_contact(harness)
    [languages] = await harness.press(VERA, last(harness, VERA), "💬 Via de bot")
    assert "Welke talen" in languages["text"]
    await harness.send(VERA, "Arabisch, klingon")
    assert "Deze taal ken ik niet: klingon" in last(harness, VERA)["text"]
    await press_last(harness, VERA, "Klaar ▸")
    [card] = await harness.press(VERA, last(harness, VERA), "✅ Ja, publiceer het")
    assert "☎️ 💬 via de bot" in card["text"]
    assert "nog geen contactgegevens" not in card["text"]
    assert "Talen: Arabisch" in card["text"]


async def test_back_goes_one_step_back_and_stop_deletes_the_draft(harness: BotHarness) -> None:
    await harness.send(VERA, "/aanmelden")
    await harness.send(VERA, "Koffie op Dinsdag")
    await harness.send(VERA, DESCRIPTION)
    [back] = await harness.send(VERA, "/terug")
    assert "Stap 2 van 9" in back["text"]
    assert "Wat doen jullie" in back["text"]
    [themes] = await harness.send(VERA, "Samen eten met buurtgenoten die weinig geld hebben.")
    assert "Stap 3 van 9" in themes["text"]
    [stopped] = await harness.send(VERA, "/stop")
    assert stopped["text"] == "Gestopt. Ik heb je aanmelding gewist."
    assert await _draft(harness) is None
    # Without a draft, typed text is a question again.
    [answer] = await harness.send(VERA, "eenzaamheid oost")
    assert "Stap" not in answer["text"]
    [none] = await harness.send(VERA, "/terug")
    assert none["text"].startswith("Je bent niets aan het aanmelden")


async def test_a_restart_halfway_continues_at_the_same_step(
    database_url: str, clock: FakeClock
) -> None:
    async with BotHarness.started(database_url, clock, {ADMIN_ID}) as first:
        await first.send(VERA, "/aanmelden")
        await first.send(VERA, "Koffie op Dinsdag")
        [themes] = await first.send(VERA, DESCRIPTION)
        await first.press(VERA, themes, "Klaar ▸")
    async with BotHarness.started(database_url, clock, {ADMIN_ID}) as second:
        [confirm] = await second.send(VERA, "Dappurbuurt")
        assert "Bedoel je: Dapperbuurt?" in confirm["text"]
        [resumed] = await second.send(VERA, "/aanmelden")
        assert resumed["text"].startswith("Welkom terug! We gaan verder waar je was.")
        assert "Stap 4 van 9" in resumed["text"]


async def test_in_a_group_the_sign_up_moves_to_the_private_chat(harness: BotHarness) -> None:
    [reply] = await harness.send(VERA, "/aanmelden", chat=GROUP)
    button = reply["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"] == "https://t.me/wijkwijzer_bot?start=signup"
    [intro] = await harness.follow_link(VERA, "signup")  # someone new: language first
    assert intro["text"].startswith("Leuk dat je je initiatief wilt aanmelden!")
    assert "Hoe heet je initiatief?" in intro["text"]


async def test_a_button_of_an_earlier_step_is_refused(harness: BotHarness) -> None:
    await harness.send(VERA, "/aanmelden")
    await harness.send(VERA, "Koffie op Dinsdag")
    [themes] = await harness.send(VERA, DESCRIPTION)
    await harness.press(VERA, themes, "Klaar ▸")
    [stale] = await harness.press(VERA, themes, "Klaar ▸")
    assert stale["text"].startswith("Die knop hoort bij een eerdere stap")
    assert "Stap 4 van 9" in stale["text"]


async def test_a_field_changed_from_the_preview_returns_to_the_preview(
    harness: BotHarness,
) -> None:
    await fill_until_contact(harness)
    await harness.send(VERA, "@koffiedinsdag")
    await press_last(harness, VERA, "Klaar ▸")
    [card] = await harness.press(VERA, last(harness, VERA), "✅ Ja, publiceer het")
    [name] = await harness.press(VERA, card, "✏️ Naam")
    assert "Hoe heet je initiatief?" in name["text"]
    [card] = await harness.send(VERA, "Dinsdagkoffie")
    assert card["text"].startswith("Dinsdagkoffie\n")
    assert "☎️ @koffiedinsdag" in card["text"]


async def test_an_idle_draft_gets_one_reminder_and_goes_a_week_later(
    harness: BotHarness, clock: FakeClock
) -> None:
    assert harness.application.job_queue is not None
    assert len(harness.application.job_queue.get_jobs_by_name(JOB_NAME)) == 1
    await harness.send(VERA, "/aanmelden")
    bot, services = harness.application.bot, harness.services
    clock.advance(days=6)
    assert await review_drafts(bot, services) == (0, 0)
    clock.advance(days=2)
    assert await review_drafts(bot, services) == (1, 0)
    assert "nog niet af" in last(harness, VERA)["text"]
    clock.advance(days=3)
    assert await review_drafts(bot, services) == (0, 0)
    clock.advance(days=5)
    assert await review_drafts(bot, services) == (0, 1)
    assert "onafgemaakte aanmelding heb ik gewist" in last(harness, VERA)["text"]
    assert await _draft(harness) is None


async def test_answering_after_the_reminder_keeps_the_draft(
    harness: BotHarness, clock: FakeClock
) -> None:
    await harness.send(VERA, "/aanmelden")
    bot, services = harness.application.bot, harness.services
    clock.advance(days=8)
    assert await review_drafts(bot, services) == (1, 0)
    await harness.send(VERA, "Koffie op Dinsdag")
    clock.advance(days=8)
    assert await review_drafts(bot, services) == (1, 0)
    draft = await _draft(harness)
    assert draft is not None
    assert draft.step == "description"


async def test_themes_can_be_typed_and_toggled_in_english(harness: BotHarness) -> None:
    sam = user(1011, "en", "Sam")
    [intro] = await harness.send(sam, "/signup")
    assert "What is your initiative called?" in intro["text"]
    await harness.send(sam, "Tuesday Coffee")
    [themes] = await harness.send(
        sam, "Every Tuesday coffee and a chat for lonely older neighbours."
    )
    assert "✅ loneliness" in labels(themes)
    [typed] = await harness.send(sam, "debts, origami")
    # A word the thesaurus does not know is said, not stored as a theme.
    assert typed["text"].startswith("I don't know „origami”. Choose below")
    assert "✅ debt" in labels(typed)
    assert "origami" not in " ".join(labels(typed))
    await harness.press(sam, typed, "✅ debt")
    assert "debt" in labels(last(harness, sam))


async def _to_areas(harness: BotHarness, who: dict[str, Any] = VERA) -> dict[str, Any]:
    await harness.send(who, "/aanmelden")
    await harness.send(who, "Koffie op Dinsdag")
    [themes] = await harness.send(who, DESCRIPTION)
    [areas] = await harness.press(who, themes, "Klaar ▸")
    return areas


async def test_an_exact_area_name_is_taken_at_once(harness: BotHarness) -> None:
    await _to_areas(harness)
    [reply] = await harness.send(VERA, "Ganzenhoef")
    assert "Bedoel je" not in reply["text"]
    assert "Gekozen gebieden: Ganzenhoef" in reply["text"]
    assert "Klaar ▸" in labels(reply)
    [both] = await harness.send(VERA, "oost, de pijp")
    assert "Gekozen gebieden: Ganzenhoef, Oost, De Pijp" in both["text"]


async def test_typing_the_next_area_keeps_the_open_suggestion(harness: BotHarness) -> None:
    await _to_areas(harness)
    [confirm] = await harness.send(VERA, "Dappurbuurt")
    assert "Bedoel je: Dapperbuurt?" in confirm["text"]
    [reply] = await harness.send(VERA, "Ganzenhoef")
    assert "Bedoel je: Dapperbuurt?" in reply["text"]
    assert "Gekozen gebieden: Ganzenhoef" in reply["text"]
    await harness.press(VERA, reply, "✓ Ja, klopt")
    assert "Gekozen gebieden: Ganzenhoef, Dapperbuurt" in last(harness, VERA)["text"]
    draft = await _draft(harness)
    assert draft is not None
    assert draft.data["areas"] == ["Ganzenhoef", "Dapperbuurt"]


async def test_klaar_is_only_mentioned_with_a_klaar_button(harness: BotHarness) -> None:
    areas = await _to_areas(harness)
    assert "Klaar ▸" not in labels(areas)
    assert "Klaar" not in areas["text"]
    [confirm] = await harness.send(VERA, "Dappurbuurt")
    assert "Klaar" not in confirm["text"]
    await harness.press(VERA, confirm, "✓ Ja, klopt")
    now = last(harness, VERA)
    assert "Klaar ▸" in labels(now)
    assert "tik op Klaar" in now["text"]


async def test_typed_themes_go_through_the_thesaurus(harness: BotHarness) -> None:
    await harness.send(VERA, "/aanmelden")
    await harness.send(VERA, "Koffie op Dinsdag")
    await harness.send(VERA, DESCRIPTION)
    [reply] = await harness.send(VERA, "taalles, hulp bij schulden")
    assert "Gekozen: eenzaamheid" in reply["text"]
    draft = await _draft(harness)
    assert draft is not None
    assert draft.data["themes"][-2:] == ["taal", "schulden"]
    [unknown] = await harness.send(VERA, "9")
    assert unknown["text"].startswith("„9” ken ik niet. Kies hieronder")
    await harness.send(VERA, "bijlmer centrum")
    draft = await _draft(harness)
    assert draft is not None
    assert "9" not in draft.data["themes"]
    assert "bijlmer centrum" not in draft.data["themes"]


async def test_typed_groups_go_through_the_thesaurus(harness: BotHarness) -> None:
    await fill_until_contact(harness)
    await harness.send(VERA, "/terug")
    await harness.send(VERA, "/terug")
    [reply] = await harness.send(VERA, "xyzzy en mantelzorgers")
    assert reply["text"].startswith("„xyzzy” ken ik niet")
    assert "✅ mantelzorgers" in [label.casefold() for label in labels(reply)]
    draft = await _draft(harness)
    assert draft is not None
    assert draft.data["target_groups"] == ["mantelzorgers"]


async def test_a_tap_toggles_a_theme_in_place(harness: BotHarness) -> None:
    await harness.send(VERA, "/aanmelden")
    await harness.send(VERA, "Koffie op Dinsdag")
    await harness.send(VERA, DESCRIPTION)
    [typed] = await harness.send(VERA, "schulden")
    before = [label.removeprefix("✅ ") for label in labels(typed)]
    for tap in ("armoede", "✅ eenzaamheid", "✅ schulden"):
        await harness.press(VERA, last(harness, VERA), tap)
        after = [label.removeprefix("✅ ") for label in labels(last(harness, VERA))]
        assert after == before
    chosen = labels(last(harness, VERA))
    assert "✅ armoede" in chosen
    assert "eenzaamheid" in chosen
    assert "schulden" in chosen
