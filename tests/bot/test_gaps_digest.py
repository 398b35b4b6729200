"""The monthly gaps digest: opted in with buttons, sent on the first working day of the
month once per coordinator (also after a restart and with two processes); and the
organiser's "cijfersoep" to a wijktafel's subscribers, counted against the daily cap."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.core.repository_users import UserRepository
from bot.db.models import Delivery, DigestArea, WijktafelDigest
from bot.delivery.broadcast_cap import BroadcastCap
from bot.delivery.sender import deliver_due
from bot.gaps.aggregation import Cell, GapsTable
from bot.gaps.calendar import first_working_day, is_working_day
from bot.gaps.jobs_digest import queue_monthly_digests
from bot.gaps.repository import DemandRepository
from bot.gaps.repository_digest import DigestRepository
from bot.gaps.rules import NOTHING
from bot.gaps.supply import Supply
from bot.gaps.views import area_name
from bot.gaps.views_digest import DIGEST_GAPS, DIGEST_THEMES, digest_text
from bot.i18n import Catalogues
from matching.resources import default_gazetteer, default_thesaurus
from tests.bot.feedback_support import ANNA, BOB, CARLA, wijktafel_with_people
from tests.bot.test_gaps import _seed
from tests.bot.test_meetings import ADMIN
from tests.bot.test_privacy import _register
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user
from tests.sample_map import MAP

COR = ADMIN
DIRK = user(1060, name="Dirk")  # a second coordinator, who does not opt in
OLGA = user(1050, name="Olga")  # an organiser of wijktafel 1
GEBIED = "Indische Buurt, Oostelijk Havengebied"
# Tuesday 1 December 2026, 09:00 in Amsterdam: the first working day of December
FIRST_DAY = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The bot on a small, known social map."""
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=MAP) as bot_harness:
        yield bot_harness


async def _follow(harness: BotHarness, person: dict[str, Any], gebied: str = GEBIED) -> None:
    """The coordinator (registered) turns the monthly digest on for a gebied with buttons."""
    async with harness.services.db.transaction() as session:
        registered = await UserRepository(session).get(person["id"]) is not None
    if not registered:
        await _register(harness, person)
    [picker] = await harness.send(person, "/wittevlekken")
    await harness.press(person, picker, "📬 Maandoverzicht")
    settings = harness.current(person["id"], picker["message_id"])
    assert settings["text"].startswith("Je krijgt geen maandoverzicht")
    await harness.press(person, settings, "➕ Gebied kiezen")  # noqa: RUF001
    await harness.press(person, harness.current(person["id"], picker["message_id"]), "Oost")
    await harness.press(person, harness.current(person["id"], picker["message_id"]), gebied)
    periods = harness.current(person["id"], picker["message_id"])
    assert labels(periods)[-1] == "📬 Elke maand in mijn overzicht"
    await harness.press(person, periods, "📬 Elke maand in mijn overzicht")
    periods = harness.current(person["id"], picker["message_id"])
    assert labels(periods)[-1] == "✅ In mijn maandoverzicht (uitzetten)"
    assert "staat nu in je maandoverzicht" in periods["text"]


async def _stored(harness: BotHarness) -> list[tuple[int, str]]:
    async with harness.services.db.transaction() as session:
        rows = (await session.scalars(select(DigestArea))).all()
    return sorted((row.user_id, row.area_code) for row in rows)


async def _run(harness: BotHarness, when: datetime) -> int:
    """The digest job and the sender at this moment; how many digests were queued."""
    harness.clock.now = when
    queued = await queue_monthly_digests(harness.services)
    while (await deliver_due(harness.application.bot, harness.services)).sent:
        pass
    return queued


def _digests(harness: BotHarness, chat_id: int) -> list[str]:
    return [m["text"] for m in harness.core.messages(chat_id, 0) if "Witte vlekken in" in m["text"]]


def test_the_first_working_day_skips_weekends_and_public_holidays() -> None:
    assert first_working_day(2026, 12) == date(2026, 12, 1)  # a Tuesday
    assert first_working_day(2026, 8) == date(2026, 8, 3)  # the 1st is a Saturday
    assert first_working_day(2027, 1) == date(2027, 1, 4)  # New Year's Day, then a weekend
    assert first_working_day(2024, 4) == date(2024, 4, 2)  # Easter Monday
    assert first_working_day(2008, 5) == date(2008, 5, 2)  # Ascension Day
    assert first_working_day(2009, 6) == date(2009, 6, 2)  # Whit Monday
    assert not is_working_day(date(2025, 4, 26))  # King's Day on the Saturday before
    assert not is_working_day(date(2026, 4, 27))  # King's Day
    assert not is_working_day(date(2026, 12, 25))
    assert is_working_day(date(2026, 4, 3))  # Good Friday is a working day for most


async def test_a_coordinator_opts_in_with_buttons_and_sees_and_erases_it(
    harness: BotHarness,
) -> None:
    await _follow(harness, COR)
    assert await _stored(harness) == [(ADMIN_ID, "GM15")]
    [picker] = await harness.send(COR, "/wittevlekken")
    await harness.press(COR, picker, "📬 Maandoverzicht")
    settings = harness.current(COR["id"], picker["message_id"])
    assert f"de maand ervoor in: {GEBIED}." in settings["text"]
    [mine] = await harness.send(COR, "/mijngegevens")
    assert "Maandoverzicht witte vlekken voor de gebieden (codes): GM15" in mine["text"]
    await harness.press(COR, settings, f"✖ {GEBIED}")
    assert await _stored(harness) == []
    await _follow(harness, COR)
    [confirm] = await harness.send(COR, "/vergeetmij")
    await harness.press(COR, confirm, confirm["reply_markup"]["inline_keyboard"][0][0]["text"])
    assert await _stored(harness) == []


async def test_only_registered_coordinators_may_opt_in(harness: BotHarness) -> None:
    await _register(harness, ANNA)
    [picker] = await harness.send(COR, "/wittevlekken")
    press = {"message_id": harness.last_message_id(ANNA["id"]), "data": "gaps:df:GM15"}
    [refused] = await harness.feed({"user": ANNA, "press": press})
    assert "alleen voor de rol coördinator" in refused["text"]
    press = {"message_id": picker["message_id"], "data": "gaps:df:GM15"}
    [refused] = await harness.feed({"user": COR, "press": press})  # a coordinator by setting
    assert refused["text"] == "Kies eerst je taal met /start."
    assert await _stored(harness) == []


async def test_the_digest_goes_on_the_first_working_day_once_per_coordinator(
    harness: BotHarness,
) -> None:
    await _seed(harness)  # November's questions in the gebied
    await _register(harness, DIRK)
    await harness.send(COR, "/rol 1060 coordinator")
    await _follow(harness, COR)
    await _register(harness, ANNA)
    async with harness.services.db.transaction() as session:
        await DigestRepository(session).follow(ANNA["id"], "GM15")  # no longer a coordinator

    assert await _run(harness, datetime(2026, 11, 30, 9, 0, tzinfo=UTC)) == 0  # a Monday
    assert await _run(harness, FIRST_DAY - timedelta(hours=2)) == 0  # 07:00: not yet
    assert await _run(harness, FIRST_DAY) == 1
    [digest] = _digests(harness, ADMIN_ID)
    assert digest.startswith("Witte vlekken in november 2026 (1 nov 2026 \u2013 30 nov 2026)")
    assert f"{GEBIED}: 27 vragen" in digest
    assert "• dementie in Indische Buurt-Oost: 6 vragen, 0 lokale aanbieders" in digest
    assert "eenzaamheid: 18 vragen · 33% lokaal beantwoord" in digest
    assert "schulden: < 5 vragen" in digest  # three questions: suppressed
    assert "3 vragen" not in digest
    assert _digests(harness, DIRK["id"]) == []  # did not opt in
    assert _digests(harness, ANNA["id"]) == []  # not a coordinator

    assert await _run(harness, FIRST_DAY + timedelta(hours=3)) == 0  # once per month
    assert await _run(harness, FIRST_DAY + timedelta(days=1)) == 0  # the second working day
    assert len(_digests(harness, ADMIN_ID)) == 1


async def _monthly_deliveries(harness: BotHarness) -> list[tuple[str, str]]:
    async with harness.services.db.transaction() as session:
        rows = (
            await session.scalars(
                select(Delivery).where(Delivery.message_key.startswith("digest:"))
            )
        ).all()
    return sorted((row.message_key, row.state) for row in rows)


async def test_no_second_digest_after_a_restart_or_in_a_second_process(
    database_url: str, clock: FakeClock
) -> None:
    clock.now = FIRST_DAY - timedelta(days=1)
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=MAP) as first:
        await _follow(first, COR)
        assert await _run(first, FIRST_DAY) == 1
        assert len(_digests(first, ADMIN_ID)) == 1
    december = [(f"digest:2026-12:{ADMIN_ID}", "sent")]
    # a new Application on the same database, later that day
    async with BotHarness.started(database_url, clock, {ADMIN_ID}) as restarted:
        await restarted.send(COR, "/help")  # this sandbox knows the chat: a digest would arrive
        assert await _run(restarted, FIRST_DAY + timedelta(hours=1)) == 0
        assert _digests(restarted, ADMIN_ID) == []
        assert await _monthly_deliveries(restarted) == december
    # two processes at once in January: one digest between them
    january = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # 1 January is New Year's Day
    async with (
        BotHarness.started(database_url, clock, {ADMIN_ID}) as one,
        BotHarness.started(database_url, clock, {ADMIN_ID}) as two,
    ):
        await one.send(COR, "/help")
        await two.send(COR, "/help")
        assert await _run(one, datetime(2027, 1, 1, 9, 0, tzinfo=UTC)) == 0
        assert await _run(one, january) + await _run(two, january) == 1
        assert len(_digests(one, ADMIN_ID)) + len(_digests(two, ADMIN_ID)) == 1
        assert await _monthly_deliveries(one) == [
            *december,
            (f"digest:2027-01:{ADMIN_ID}", "sent"),
        ]


async def _organiser(harness: BotHarness) -> None:
    await wijktafel_with_people(harness)  # wijktafel 1, Dapperbuurt, three subscribers
    await harness.send(
        ADMIN,
        "/bijeenkomst Wijktafel Osdorp | Osdorp | 2026-12-02 19:30 | 90 | Buurthuis | "
        "FREQ=WEEKLY;INTERVAL=6;BYDAY=WE",
    )
    await _register(harness, OLGA)
    await harness.send(ADMIN, "/rol 1050 organisator 1")
    async with harness.services.db.transaction() as session:
        demand = DemandRepository(session)
        for days_ago, theme in [*[(n, "schulden") for n in range(6)], (2, "taal"), (3, "taal")]:
            await demand.record(
                harness.clock().date() - timedelta(days=days_ago),
                themes=[theme],
                target_groups=[],
                area_codes=["ME"],
                channel="private",
                outcome=NOTHING,
            )


async def _cap_used(harness: BotHarness, user_id: int) -> tuple[int, int]:
    settings = harness.services.settings
    async with harness.services.db.transaction() as session:
        cap = BroadcastCap(session, limit=settings.broadcasts_per_day, timezone=settings.timezone)
        state = await cap.used(user_id, harness.clock())
    return state.used, state.digests


async def test_an_organiser_sends_the_cijfersoep_to_the_subscribers(harness: BotHarness) -> None:
    await _organiser(harness)
    [choice] = await harness.send(OLGA, "/cijfersoep")
    assert labels(choice) == ["Wijktafel Dapperbuurt (3 abonnees)"]  # not Osdorp: not hers
    await harness.press(OLGA, choice, "Wijktafel Dapperbuurt (3 abonnees)")
    preview = harness.current(OLGA["id"], choice["message_id"])
    assert preview["text"].startswith("Zo krijgen 3 abonnees het te zien")
    assert "Cijfersoep voor Wijktafel Dapperbuurt" in preview["text"]
    assert "schulden: 6 vragen" in preview["text"]
    assert "taal: < 5 vragen" in preview["text"]
    assert await _cap_used(harness, OLGA["id"]) == (0, 0)
    await harness.press(OLGA, preview, "Verstuur naar 3")
    done = harness.current(OLGA["id"], choice["message_id"])
    assert "gaat naar 3 abonnees van Wijktafel Dapperbuurt" in done["text"]
    assert await _cap_used(harness, OLGA["id"]) == (1, 1)
    while (await deliver_due(harness.application.bot, harness.services)).sent:
        pass
    for person in (ANNA, BOB, CARLA):
        texts = [m["text"] for m in harness.core.messages(person["id"], 0)]
        soups = [text for text in texts if "Cijfersoep voor Wijktafel Dapperbuurt" in text]
        assert len(soups) == 1, person
        assert "taal: < 5 vragen" in soups[0]
    # a second press the same day sends nothing more
    again = {"message_id": preview["message_id"], "data": "soup:s:1"}
    await harness.feed({"user": OLGA, "press": again})
    assert (
        harness.current(OLGA["id"], preview["message_id"])["text"]
        == "Wijktafel Dapperbuurt kreeg vandaag al een cijfersoep."
    )
    assert await _cap_used(harness, OLGA["id"]) == (1, 1)


async def test_the_cijfersoep_respects_the_daily_cap(harness: BotHarness) -> None:
    await _organiser(harness)
    limit = harness.services.settings.broadcasts_per_day
    async with harness.services.db.transaction() as session:
        for _ in range(limit):  # earlier digests of hers today, to wijktafel 2
            await DigestRepository(session).record_sent(2, "F", OLGA["id"], harness.clock())
    [choice] = await harness.send(OLGA, "/cijfersoep")
    await harness.press(OLGA, choice, "Wijktafel Dapperbuurt (3 abonnees)")
    preview = harness.current(OLGA["id"], choice["message_id"])
    [refused] = await harness.press(OLGA, preview, "Verstuur naar 3")
    assert refused["text"].startswith(f"Je hebt vandaag al {limit} berichten verstuurd")
    async with harness.services.db.transaction() as session:
        sent = (await session.scalars(select(WijktafelDigest.wijktafel_id))).all()
    assert 1 not in sent
    harness.clock.advance(days=1)  # a new day, a new cap
    await harness.press(OLGA, preview, "Verstuur naar 3")
    assert await _cap_used(harness, OLGA["id"]) == (1, 1)


async def test_only_organisers_and_coordinators_send_a_cijfersoep(harness: BotHarness) -> None:
    await _organiser(harness)
    [refused] = await harness.send(ANNA, "/cijfersoep")
    assert refused["text"].startswith("Sorry, /cijfersoep is alleen voor de rol organisator")
    [choice] = await harness.send(OLGA, "/cijfersoep")
    press = {"message_id": choice["message_id"], "data": "soup:s:2"}  # forged: wijktafel 2
    [refused] = await harness.feed({"user": OLGA, "press": press})
    assert refused["text"] == "Je bent geen organisator van deze wijktafel."
    [choice] = await harness.send(COR, "/cijfersoep")
    assert labels(choice) == ["Wijktafel Dapperbuurt (3 abonnees)", "Wijktafel Osdorp (0 abonnees)"]


async def test_a_coordinator_who_blocked_the_bot_gets_no_more_digests(
    harness: BotHarness,
) -> None:
    await _follow(harness, COR)
    harness.core.block(ADMIN_ID)
    assert await _run(harness, FIRST_DAY) == 1
    assert await _monthly_deliveries(harness) == [(f"digest:2026-12:{ADMIN_ID}", "blocked")]
    # next month nothing is queued for a chat that blocked the bot
    assert await _run(harness, datetime(2027, 1, 4, 8, 0, tzinfo=UTC)) == 0


async def test_a_forgotten_organiser_leaves_no_id_on_her_cijfersoep(harness: BotHarness) -> None:
    await _organiser(harness)
    [choice] = await harness.send(OLGA, "/cijfersoep")
    await harness.press(OLGA, choice, "Wijktafel Dapperbuurt (3 abonnees)")
    await harness.press(OLGA, harness.current(OLGA["id"], choice["message_id"]), "Verstuur naar 3")
    [mine] = await harness.send(OLGA, "/mijngegevens")
    assert "Cijfersoepen die je naar wijktafels stuurde: 1" in mine["text"]
    [confirm] = await harness.send(OLGA, "/vergeetmij")
    await harness.press(OLGA, confirm, confirm["reply_markup"]["inline_keyboard"][0][0]["text"])
    async with harness.services.db.transaction() as session:
        senders = (await session.scalars(select(WijktafelDigest.sent_by))).all()
    assert senders == [None]  # the digest stays, without who sent it


def test_areas_that_do_not_fit_one_message_are_named_at_the_end() -> None:
    gazetteer, thesaurus = default_gazetteer(), default_thesaurus()
    t = Catalogues(ZoneInfo("Europe/Amsterdam"), "nl").translator("nl")
    themes = ["eenzaamheid", "dementie", "schulden", "taal", "armoede"][:DIGEST_THEMES]
    gebieden = sorted(a.code for a in gazetteer.areas if a.level == "gebied")[:12]
    day = date(2026, 11, 1)
    tables = [
        GapsTable(
            code,
            day,
            day,
            100,
            tuple(Cell(theme, code, 20, 5, 10, Supply(1, 2, 3)) for theme in themes),
            tuple(Cell(theme, code, 20, 5, 10, Supply()) for theme in themes[:DIGEST_GAPS]),
        )
        for code in gebieden
    ]
    text = digest_text(t, gazetteer, thesaurus, "Kop", tables)
    assert len(text) <= 4096
    shown = [code for code in gebieden if f"<b>{area_name(gazetteer, code)}</b>: 100" in text]
    assert 1 < len(shown) < len(gebieden)
    rest = ", ".join(area_name(gazetteer, code) for code in gebieden[len(shown) :])
    assert f"Niet meer in dit bericht: {rest}. Zie /wittevlekken." in text
