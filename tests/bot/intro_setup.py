"""A social map with entries reachable "via de bot", and helpers for the introduction tests."""

from __future__ import annotations

from typing import Any

from bot.core.repository_users import UserRepository
from bot.db.models import OfferSubmission
from bot.signup.repository_submissions import SubmissionRepository
from matching.offer import Offer
from tests.harness import BotHarness, user

ANNA = user(1001, "nl", "Anna")
VERA = user(1010, "nl", "Vera")
WIM = user(1011, "nl", "Wim")
QUESTION = "buurtmaatjes eenzaamheid Indische Buurt"
MESSAGE = "Ik zoek een maatje voor een oudere buurvrouw die weinig de deur uit komt."

VIA_BOT = Offer(
    id="buurtmaatjes",
    name="Buurtmaatjes",
    description="Vrijwilligers die wekelijks langskomen bij buurtgenoten die zich alleen voelen.",
    themes=("eenzaamheid",),
    areas=("Indische Buurt",),
)


async def make_reachable(
    harness: BotHarness, offer_id: str, *owners: dict[str, Any], via_bot: bool = True
) -> None:
    """Give an entry owners (who opened the bot) and an approved sign-up via the bot."""
    for owner in owners:
        await harness.send(owner, "/start")
    now = harness.clock()
    async with harness.services.db.transaction() as session:
        users, submissions = UserRepository(session), SubmissionRepository(session)
        for owner in owners:
            await users.register(owner["id"], "nl", now)
            await submissions.add_owner(offer_id, owner["id"], now)
        session.add(
            OfferSubmission(
                offer_id=offer_id,
                data={"name": offer_id, "via_bot": via_bot},
                owner_id=owners[0]["id"] if owners else None,
                state="approved",
                created_at=now,
                decided_at=now,
            )
        )


def last(harness: BotHarness, who: dict[str, Any]) -> dict[str, Any]:
    """The newest bot message in the person's private chat (as it is now)."""
    return harness.core.messages(who["id"], 0)[-1]


async def request_introduction(
    harness: BotHarness, professional: dict[str, Any] = ANNA, message: str = MESSAGE
) -> dict[str, Any]:
    """Ask the question, press "breng me in contact" on the entry and send the message."""
    [answer] = await harness.send(professional, QUESTION)
    button = next(label for label in _labels(answer) if label.startswith("🤝"))
    [prompt] = await harness.press(professional, answer, button)
    assert "Noem geen namen" in prompt["text"]
    [sent] = await harness.send(professional, message)
    return sent


def _labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]
