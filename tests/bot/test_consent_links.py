"""Consent first: a deep link from someone new asks the language before storing anything
(issue 15, item 4)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import OfferOwner, Subscription, User
from tests.bot.test_meetings import plan
from tests.bot.test_owners import PIM, open_menu, publish
from tests.bot.test_privacy import _rows_mentioning
from tests.bot.test_signup import VERA
from tests.harness import BotHarness, labels, user

NEW = user(1077, "nl", "Noor")


async def _nothing_stored_about(harness: BotHarness, user_id: int) -> bool:
    async with harness.services.db.engine.connect() as connection:
        return await _rows_mentioning(connection, user_id) == []


def _callback_data(message: dict[str, object]) -> list[str]:
    markup = message["reply_markup"]
    assert isinstance(markup, dict)
    return [b["callback_data"] for row in markup["inline_keyboard"] for b in row]


async def test_a_wijktafel_link_asks_consent_before_subscribing(harness: BotHarness) -> None:
    payload = await plan(harness)
    [greeting] = await harness.send(NEW, f"/start {payload}")
    assert greeting["text"].startswith("Hoi Noor!")
    assert "bewaar ik je Telegram-id" in greeting["text"]
    assert "Daarna meld ik je aan voor Wijktafel Dapperbuurt;" in greeting["text"]
    assert labels(greeting) == ["Nederlands", "English"]
    assert _callback_data(greeting) == ["lang:nl:wt_1", "lang:en:wt_1"]
    assert await _nothing_stored_about(harness, NEW["id"])
    [subscribed] = await harness.press(NEW, greeting, "English")
    assert subscribed["text"].startswith("You are subscribed to Wijktafel Dapperbuurt")
    assert harness.current(NEW["id"], greeting["message_id"])["text"] == (
        "From now on I'll speak English with you."
    )
    async with harness.services.db.transaction() as session:
        row = await session.get(User, NEW["id"])
        subscriptions = (await session.scalars(select(Subscription.chat_id))).all()
    assert row is not None
    assert (row.language, row.consent_at) == ("en", harness.clock())
    assert subscriptions == [NEW["id"]]


async def test_the_link_travels_in_the_button_not_in_this_process(harness: BotHarness) -> None:
    """Any web process can take the press: the pending link is only in the callback data."""
    await plan(harness)
    [greeting] = await harness.send(NEW, "/start")  # any language button, as if elsewhere
    press = {"message_id": greeting["message_id"], "data": "lang:nl:wt_1"}
    [subscribed] = await harness.feed({"user": NEW, "press": press})
    assert subscribed["text"].startswith("Je bent aangemeld voor Wijktafel Dapperbuurt")


async def test_an_unknown_wijktafel_link_stores_nothing(harness: BotHarness) -> None:
    [reply] = await harness.send(NEW, "/start wt_99")
    assert "bestaat niet" in reply["text"]
    [reply] = await harness.send(NEW, "/start wt_" + "9" * 60)
    assert "bestaat niet" in reply["text"]
    assert await _nothing_stored_about(harness, NEW["id"])


async def test_a_bogus_invitation_stores_nothing(harness: BotHarness) -> None:
    [reply] = await harness.send(NEW, "/start co_nietbestaand")
    assert "ken ik niet" in reply["text"]
    [reply] = await harness.send(NEW, "/start co_" + "x" * 60)
    assert "ken ik niet" in reply["text"]
    assert await _nothing_stored_about(harness, NEW["id"])
    async with harness.services.db.transaction() as session:
        assert await session.get(User, NEW["id"]) is None


async def test_an_invitation_asks_consent_before_making_a_co_owner(harness: BotHarness) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    [invite] = await harness.press(VERA, menu, "👥 Mede-beheerder uitnodigen")
    payload = invite["text"].split("?start=")[1].strip()
    [greeting] = await harness.send(PIM, f"/start {payload}")
    assert "Daarna maak ik je mede-beheerder" in greeting["text"]
    assert all(len(data.encode()) <= 64 for data in _callback_data(greeting))
    assert await _nothing_stored_about(harness, PIM["id"])
    replies = await harness.press(PIM, greeting, "Nederlands")
    assert "Je beheert nu samen Koffie op Dinsdag" in replies[0]["text"]
    async with harness.services.db.transaction() as session:
        owners = (await session.scalars(select(OfferOwner.user_id))).all()
        row = await session.get(User, PIM["id"])
    assert sorted(owners) == [VERA["id"], PIM["id"]]
    assert row is not None
    assert row.consent_at is not None


async def test_someone_registered_follows_a_link_at_once(harness: BotHarness) -> None:
    payload = await plan(harness)
    [greeting] = await harness.send(NEW, "/start")
    await harness.press(NEW, greeting, "Nederlands")
    [welcome] = await harness.send(NEW, f"/start {payload}")
    assert welcome["text"].startswith("Je bent aangemeld voor Wijktafel Dapperbuurt")


async def test_the_sign_up_link_asks_consent_first(harness: BotHarness) -> None:
    [greeting] = await harness.send(NEW, "/start signup")
    assert "Daarna begin ik met de aanmelding" in greeting["text"]
    assert await _nothing_stored_about(harness, NEW["id"])
    [first_step] = await harness.press(NEW, greeting, "Nederlands")
    async with harness.services.db.transaction() as session:
        assert await session.get(User, NEW["id"]) is not None
    assert first_step["text"]


async def test_a_group_admin_who_never_consented_is_not_kept(harness: BotHarness) -> None:
    payload = await plan(harness)
    group = {"id": -2001, "type": "supergroup", "title": "Wijktafel Oost"}
    [done] = await harness.feed(
        {
            "user": NEW,
            "chat": group,
            "text": f"/start {payload}",
            "member_status": "administrator",
        }
    )
    assert done["text"].startswith("Deze groep krijgt nu de herinneringen")
    assert await _nothing_stored_about(harness, NEW["id"])
    async with harness.services.db.transaction() as session:
        assert (await session.scalars(select(Subscription.chat_id))).all() == [group["id"]]
