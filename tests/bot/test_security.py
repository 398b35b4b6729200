"""Callback data is only a reference: the server checks who presses, every time."""

from __future__ import annotations

from tests.bot.test_owners import ENTRY, PIM, entry, found, open_menu, publish
from tests.bot.test_signup import VERA
from tests.harness import BotHarness


def _data(message: dict[str, object], label: str) -> str:
    markup = message["reply_markup"]
    assert isinstance(markup, dict)
    for row in markup["inline_keyboard"]:
        for button in row:
            if button["text"] == label:
                return str(button["callback_data"])
    raise LookupError(label)


async def test_another_users_owner_buttons_replayed_do_nothing(harness: BotHarness) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    [mine] = await harness.send(PIM, "/start")
    t = harness.services.catalogues.translator("nl")
    for label in ("⏸ Pauzeren", "🗑 Verwijderen", "👥 Mede-beheerder uitnodigen"):
        replay = {"message_id": mine["message_id"], "data": _data(menu, label)}
        replies = await harness.feed({"user": PIM, "press": replay})
        # refused politely, not by an error; Pim got no invitation link
        assert [m["text"] for m in replies] == [t("owner.not_yours")]
        assert "start=co_" not in str(harness.core.messages(PIM["id"], 0))
    seen = [m.get("text") for m in harness.core.messages(PIM["id"], 0)]
    seen += [a.get("text") for a in harness.core.callback_answers(PIM["id"])]
    assert t("error.sorry") not in seen
    offer = await entry(harness)
    assert offer is not None
    assert offer.active
    assert ENTRY in await found(harness)


async def test_replaying_the_own_confirmation_of_someone_else_removes_nothing(
    harness: BotHarness,
) -> None:
    await publish(harness)
    menu = await open_menu(harness)
    await harness.press(VERA, menu, "🗑 Verwijderen")
    confirm = harness.current(VERA["id"], menu["message_id"])
    yes = _data(confirm, "🗑 Ja, verwijderen")
    [mine] = await harness.send(PIM, "/start")
    await harness.feed({"user": PIM, "press": {"message_id": mine["message_id"], "data": yes}})
    assert await entry(harness) is not None
