"""/rol: coordinators grant and revoke roles; others are refused politely; all is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import RoleChange
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, user

ADMIN = user(ADMIN_ID, name="Cor")


async def _register(
    harness: BotHarness, person: dict[str, Any], language: str = "Nederlands"
) -> None:
    [greeting] = await harness.send(person, "/start")
    await harness.press(person, greeting, language)


async def test_a_professional_is_refused_politely(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna)
    [reply] = await harness.send(anna, "/rol 1002 coordinator")
    assert reply["text"].startswith("Sorry, /rol is alleen voor de rol coördinator")


async def test_refusal_uses_the_english_command_name(harness: BotHarness) -> None:
    sam = user(1002, language="en", name="Sam")
    [reply] = await harness.send(sam, "/role")
    assert reply["text"].startswith("Sorry, /role is only for the coordinator role")


async def test_admin_grants_a_role_which_is_audited_and_announced(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna, "English")
    [reply] = await harness.send(ADMIN, "/rol 1001 organisator")
    assert reply["text"] == "✓ 1001 is nu organisator."
    told = harness.core.messages(anna["id"], 0)[-1]
    assert told["text"].startswith("You have been given the organiser role.")
    async with harness.services.db.transaction() as session:
        [change] = (await session.scalars(select(RoleChange))).all()
    assert (change.actor_id, change.target_id, change.role, change.action) == (
        ADMIN_ID,
        1001,
        "organiser",
        "grant",
    )
    assert change.at == harness.clock()


async def test_granting_coordinator_gives_the_coordinator_menu(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna, "English")
    await harness.send(ADMIN, "/rol 1001 coordinator")
    names = [c["command"] for c in harness.core.commands("chat", chat_id=anna["id"])]
    assert "role" in names
    assert "language" in names
    [help_message] = await harness.send(anna, "/help")
    assert "/role" in help_message["text"]
    await harness.send(ADMIN, "/rol 1001 -coordinator")
    assert harness.core.commands("chat", chat_id=anna["id"]) == []


async def test_default_menus_per_language(harness: BotHarness) -> None:
    dutch = [c["command"] for c in harness.core.commands("default")]
    english = [c["command"] for c in harness.core.commands("default", language_code="en")]
    assert "taal" in dutch
    assert "rol" not in dutch
    assert "language" in english
    assert "role" not in english


async def test_revoke_and_show(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna)
    await harness.send(ADMIN, "/rol 1001 vrijwilliger")
    [shown] = await harness.send(ADMIN, "/rol 1001")
    assert shown["text"] == "Rollen van 1001: professional, vrijwilliger"
    [revoked] = await harness.send(ADMIN, "/rol 1001 -vrijwilliger")
    assert revoked["text"] == "✓ 1001 is geen vrijwilliger meer."
    [again] = await harness.send(ADMIN, "/rol 1001 -vrijwilliger")
    assert again["text"] == "1001 had de rol vrijwilliger niet."
    async with harness.services.db.transaction() as session:
        actions = (await session.scalars(select(RoleChange.action))).all()
    assert actions == ["grant", "revoke"]


async def test_bad_requests_get_usage_or_explanation(harness: BotHarness) -> None:
    [usage] = await harness.send(ADMIN, "/rol")
    assert "/rol ID ROL" in usage["text"]
    [bad_role] = await harness.send(ADMIN, "/rol 1001 koning")
    assert "/rol ID ROL" in bad_role["text"]
    [unknown] = await harness.send(ADMIN, "/rol 4444 organisator")
    assert "4444 heeft de bot nog niet gestart" in unknown["text"]
    await _register(harness, ADMIN)
    [fixed] = await harness.send(ADMIN, f"/rol {ADMIN_ID} -coordinator")
    assert "via de instellingen" in fixed["text"]
    [everyone] = await harness.send(ADMIN, f"/rol {ADMIN_ID} professional")
    assert everyone["text"].startswith("Iedereen is professional")


async def test_role_by_replying_in_a_group(harness: BotHarness) -> None:
    anna = user()
    await _register(harness, anna)
    group = {"id": -2001, "type": "group", "title": "Wijktafel"}
    await harness.send(anna, "hallo allemaal", chat=group)
    user_message_id = harness.core.last_user_message_id(-2001)
    reply = await harness.feed(
        {
            "user": ADMIN,
            "chat": group,
            "text": "/rol organisator",
            "reply_to_message_id": user_message_id,
        }
    )
    assert reply[-1]["text"] == "✓ 1001 is nu organisator."
