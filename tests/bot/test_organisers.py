"""Organisers per wijktafel: sets only for the wijktafels a coordinator gave them, their
results in /feedback, every set change audited; refusals name the command once."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import FeedbackAudit, WijktafelOrganiser
from tests.bot.feedback_support import (
    ANNA,
    SEND_AT,
    attach_ready_made,
    polls_of,
    run_jobs,
    summary,
    vote,
    wijktafel_with_people,
)
from tests.bot.test_meetings import ADMIN
from tests.bot.test_privacy import _register, _rows_mentioning
from tests.harness import BotHarness, labels, user

OLGA = user(1050, name="Olga")
OTHER = (
    "/bijeenkomst Wijktafel Osdorp | Osdorp | 2026-12-02 19:30 | 90 | Buurthuis | "
    "FREQ=WEEKLY;INTERVAL=6;BYDAY=WE"
)


async def _organiser_of_first(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await harness.send(ADMIN, OTHER)  # wijktafel 2, not hers
    await _register(harness, OLGA)
    await harness.send(ADMIN, "/rol 1050 organisator 1")


async def test_an_organiser_attaches_sets_only_to_her_own_wijktafel(harness: BotHarness) -> None:
    await _organiser_of_first(harness)
    [overview] = await harness.send(OLGA, "/feedback")
    attach = next(label for label in labels(overview) if "Vragenlijst koppelen" in label)
    [targets] = await harness.press(OLGA, overview, attach)
    assert "hele reeks Wijktafel Dapperbuurt" in labels(targets)
    assert not [label for label in labels(targets) if "Osdorp" in label]
    # a forged press for the other wijktafel, or one of its meetings, makes nothing
    for data in ("fbt:w:2", "fbt:m:2"):
        forged = {"message_id": targets["message_id"], "data": data}
        [refused] = await harness.feed({"user": OLGA, "press": forged})
        assert refused["text"].startswith("Je bent geen organisator van deze wijktafel")
    await harness.send(ADMIN, "/rol 1050 -organisator 1")
    [overview] = await harness.send(OLGA, "/feedback")
    [targets] = await harness.press(OLGA, overview, attach)
    assert targets["text"].startswith("Je bent nog geen organisator van een wijktafel")


async def test_an_organiser_sees_the_results_of_her_wijktafel(harness: BotHarness) -> None:
    await _organiser_of_first(harness)
    await attach_ready_made(harness)  # made by the coordinator
    await run_jobs(harness, SEND_AT)
    await vote(harness, ANNA, polls_of(harness, ANNA["id"])[0], 4)
    shown = await summary(harness, OLGA)
    assert "Hoe nuttig was deze wijktafel?" in shown["text"]


async def test_every_set_change_is_audited(harness: BotHarness) -> None:
    await _organiser_of_first(harness)
    shown = await attach_ready_made(harness, OLGA)
    await harness.send(OLGA, "/feedback 1 2 Wat nam je mee? | tips | contacten")
    await harness.press(OLGA, shown, "✍️ Open vraag: aan")
    async with harness.services.db.transaction() as session:
        trail = (await session.scalars(select(FeedbackAudit).order_by(FeedbackAudit.id))).all()
    assert [(row.actor_id, row.action) for row in trail] == [
        (ADMIN["id"], "organiser+"),
        (OLGA["id"], "create"),
        (OLGA["id"], "question"),
        (OLGA["id"], "rem"),
    ]
    assert trail[2].detail == "2: Wat nam je mee? | tips | contacten"


async def test_forgetting_an_organiser_leaves_no_id(harness: BotHarness) -> None:
    await _organiser_of_first(harness)
    await attach_ready_made(harness, OLGA)
    [confirm] = await harness.send(OLGA, "/vergeetmij")
    await harness.press(OLGA, confirm, "Ja, wis alles")
    async with harness.services.db.engine.connect() as connection:
        assert await _rows_mentioning(connection, OLGA["id"]) == []
    async with harness.services.db.transaction() as session:
        assert (await session.scalars(select(WijktafelOrganiser))).all() == []


async def test_a_refusal_names_the_command_with_one_slash(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)
    await harness.send(ADMIN, "/bericht 1 hallo")
    # a forged press of the coordinator's send button, on a message in Anna's own chat
    press = {"message_id": harness.last_message_id(ANNA["id"]), "data": "bc:1:send"}
    [refused] = await harness.feed({"user": ANNA, "press": press})
    assert refused["text"].startswith("Sorry, /bericht is alleen voor")
    assert "//" not in refused["text"]


async def test_my_data_shows_which_wijktafels_i_organise(harness: BotHarness) -> None:
    await _organiser_of_first(harness)
    [mine] = await harness.send(OLGA, "/mijngegevens")
    assert "Organisator van: Wijktafel Dapperbuurt" in mine["text"]


async def test_the_role_usage_says_how_to_make_someone_organiser_of_one_wijktafel(
    harness: BotHarness,
) -> None:
    [usage] = await harness.send(ADMIN, "/rol")
    assert "/rol ID organisator NR" in usage["text"]
    assert "/rol ID -organisator NR" in usage["text"]
    # what it says works: the number is a wijktafel's
    await _organiser_of_first(harness)
    [listed] = await harness.send(ADMIN, "/rol 1050")
    assert "organisator" in listed["text"]
    async with harness.services.db.transaction() as session:
        rows = (await session.scalars(select(WijktafelOrganiser))).all()
    assert [(row.wijktafel_id, row.user_id) for row in rows] == [(1, OLGA["id"])]
