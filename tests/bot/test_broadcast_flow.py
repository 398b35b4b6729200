"""/bericht as a conversation: which wijktafel (buttons), the text, the preview, send."""

from __future__ import annotations

from bot.db.models import MeetingDraft
from bot.delivery.sender import deliver_due
from tests.bot.test_meetings import ADMIN, ANNA, GROUP, plan
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels


async def _draft(harness: BotHarness) -> MeetingDraft | None:
    async with harness.services.db.transaction() as session:
        return await session.get(MeetingDraft, ADMIN_ID)


async def test_bericht_asks_the_wijktafel_then_the_text_then_previews(
    harness: BotHarness,
) -> None:
    payload = await plan(harness)
    await harness.follow_link(ANNA, payload)
    [question] = await harness.send(ADMIN, "/bericht")
    assert question["text"].startswith("Naar welke wijktafel gaat je bericht?")
    assert labels(question) == ["Wijktafel Dapperbuurt (1)"]
    await harness.press(ADMIN, question, "Wijktafel Dapperbuurt (1)")
    ask = harness.current(ADMIN_ID, question["message_id"])
    assert ask["text"].startswith("Typ het bericht voor de 1 aanmelders van Wijktafel Dapperbuurt")
    draft = await _draft(harness)
    assert draft is not None
    assert draft.step == "bc_text"
    # The next typed message is the text, not a question for the map.
    [preview] = await harness.send(ADMIN, "De bijeenkomst is in de grote zaal.")
    assert preview["text"].startswith("Voorbeeld: zo krijgen de 1 abonnees")
    assert "De bijeenkomst is in de grote zaal." in preview["text"]
    assert labels(preview) == ["Versturen", "Annuleren"]
    assert await _draft(harness) is None
    await harness.press(ADMIN, preview, "Versturen")
    await deliver_due(harness.application.bot, harness.services)
    received = harness.core.messages(ANNA["id"])[-1]
    assert received["text"].startswith("Bericht van Wijktafel Dapperbuurt")
    assert "De bijeenkomst is in de grote zaal." in received["text"]
    # Afterwards typed text is a question again.
    [answer] = await harness.send(ADMIN, "eenzaamheid oost")
    assert not answer["text"].startswith("Voorbeeld")


async def test_bericht_back_stop_and_a_typed_wijktafel(harness: BotHarness) -> None:
    await plan(harness)
    [question] = await harness.send(ADMIN, "/bericht")
    [unknown] = await harness.send(ADMIN, "de grote zaal")
    assert unknown["text"].startswith("Tik op een van de wijktafels hieronder.")
    [ask] = await harness.send(ADMIN, "wijktafel dapperbuurt")
    assert ask["text"].startswith("Typ het bericht voor de 0 aanmelders")
    [again] = await harness.send(ADMIN, "/terug")
    assert again["text"].startswith("Naar welke wijktafel")
    [stopped] = await harness.send(ADMIN, "/stop")
    assert stopped["text"] == "Het bericht is niet verstuurd."
    assert await _draft(harness) is None
    [stale] = await harness.press(ADMIN, question, "Wijktafel Dapperbuurt (0)")
    assert stale["text"].startswith("Die knop hoort bij een eerder bericht")


async def test_bericht_with_a_number_goes_straight_to_the_text(harness: BotHarness) -> None:
    await plan(harness)
    [ask] = await harness.send(ADMIN, "/bericht 1")
    assert ask["text"].startswith("Typ het bericht voor de 0 aanmelders van Wijktafel Dapperbuurt")
    [too_long] = await harness.send(ADMIN, "x" * 3600)
    assert too_long["text"].startswith("Het bericht is te lang")
    [preview] = await harness.send(ADMIN, "Kort bericht")
    assert labels(preview) == ["Versturen", "Annuleren"]


async def test_bericht_survives_a_restart(database_url: str, clock: FakeClock) -> None:
    async with BotHarness.started(database_url, clock, {ADMIN_ID}) as first:
        await plan(first)
        [question] = await first.send(ADMIN, "/bericht")
        await first.press(ADMIN, question, "Wijktafel Dapperbuurt (0)")
    async with BotHarness.started(database_url, clock, {ADMIN_ID}) as second:
        [preview] = await second.send(ADMIN, "Na een herstart")
        assert preview["text"].startswith("Voorbeeld: zo krijgen de 0 abonnees")


async def test_bericht_waits_for_a_meeting_being_planned(harness: BotHarness) -> None:
    await plan(harness)
    menu = (await harness.send(ADMIN, "/bijeenkomst"))[0]
    await harness.press(ADMIN, menu, "\N{HEAVY PLUS SIGN} Nieuwe bijeenkomst")
    [busy] = await harness.send(ADMIN, "/bericht")
    assert busy["text"].startswith("Je bent nog een bijeenkomst aan het plannen")
    [overview] = await harness.send(ADMIN, "/bericht", chat=GROUP)
    assert "Een bericht sturen" in overview["text"]
