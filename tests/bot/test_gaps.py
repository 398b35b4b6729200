"""/wittevlekken: demand kept without people, counted per theme and area against supply."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import DemandQuestion
from bot.gaps.jobs import purge_demand
from bot.gaps.repository import DemandRepository
from bot.gaps.rules import GOOD, NOTHING, REJECTED, WIDE
from tests.clock import FakeClock
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user
from tests.sample_map import MAP

ANNA = user()
COR = user(ADMIN_ID, name="Cor")
GROUP = {"id": -2001, "type": "group", "title": "Wijktafel Oost"}
TODAY = date(2026, 11, 23)  # the clock fixture's day


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The bot on a small, known social map."""
    async with BotHarness.started(database_url, clock, {ADMIN_ID}, offers=MAP) as bot_harness:
        yield bot_harness


async def _demand(harness: BotHarness) -> list[tuple[str, str, str, str]]:
    async with harness.services.db.transaction() as session:
        rows = (await session.scalars(select(DemandQuestion).order_by(DemandQuestion.id))).all()
    return [(r.themes, r.area_codes, r.channel, r.outcome) for r in rows]


# A month of questions in Indische Buurt, Oostelijk Havengebied (GM15): its wijken
# Indische Buurt-West (MF) and -Oost (MG); the sample map has one local loneliness offer
# there (Koffiekwartier), five Oost-wide ones, and one Oost-wide debt offer.
SEEDED: list[tuple[int, str, str, str]] = [  # (days ago, theme, area, outcome)
    *[(n, "eenzaamheid", "MF", GOOD) for n in range(6)],
    *[(n + 6, "eenzaamheid", "MF", WIDE) for n in range(3)],
    *[(n + 10, "eenzaamheid", "MF", NOTHING) for n in range(2)],
    (20, "eenzaamheid", "MF", REJECTED),
    *[(n, "eenzaamheid", "MG", NOTHING) for n in range(6)],
    *[(n * 4, "dementie", "MG", NOTHING) for n in range(7)],
    *[(n, "schulden", "MF", WIDE) for n in range(3)],  # fewer than five: suppressed
    (3, "eenzaamheid", "M", NOTHING),  # asked for all of Oost: not inside the gebied
    (3, "taal", "GF08", GOOD),  # another stadsdeel
    *[(120 + n, "dementie", "MG", NOTHING) for n in range(5)],  # four months ago
    *[(400 + n, "dementie", "MG", NOTHING) for n in range(2)],  # more than a year ago
]


async def _seed(harness: BotHarness) -> None:
    async with harness.services.db.transaction() as session:
        demand = DemandRepository(session)
        for days_ago, theme, area, outcome in SEEDED:
            await demand.record(
                TODAY - timedelta(days=days_ago),
                themes=[theme],
                target_groups=[],
                area_codes=[area],
                channel="private",
                outcome=outcome,
            )


async def _table(harness: BotHarness, months: str = "3 maanden") -> dict[str, Any]:
    [picker] = await harness.send(COR, "/wittevlekken")
    assert "Oost" in labels(picker)
    await harness.press(COR, picker, "Oost")
    gebieden = harness.current(COR["id"], picker["message_id"])
    assert labels(gebieden)[0] == "Heel Oost"
    await harness.press(COR, gebieden, "Indische Buurt, Oostelijk Havengebied")
    periods = harness.current(COR["id"], picker["message_id"])
    assert labels(periods)[:3] == ["3 maanden", "6 maanden", "12 maanden"]
    await harness.press(COR, periods, months)
    return harness.current(COR["id"], picker["message_id"])


async def test_each_question_is_kept_as_demand_without_a_person(harness: BotHarness) -> None:
    [answer] = await harness.send(ANNA, "eenzaamheid Indische Buurt")
    await harness.press(ANNA, answer, "Meer ▸")  # another page is not another question
    await harness.send(ANNA, "dementie Slotermeer")
    [answer] = await harness.send(ANNA, "schulden Dapperbuurt")
    await harness.press(ANNA, answer, "Niet wat ik zocht")
    await harness.send(ANNA, "/vraag taalcafé Osdorp", chat=GROUP)
    await harness.feed({"user": ANNA, "location": {"latitude": 52.3626, "longitude": 4.9384}})
    assert await _demand(harness) == [
        ("eenzaamheid", "MF MG", "private", GOOD),  # Koffiekwartier works there
        ("dementie", "FC FD FE", "private", NOTHING),
        ("schulden", "ME", "private", REJECTED),  # only Oost-wide, then not what was wanted
        ("taal", "GF08", "group", GOOD),
        ("", "MF02", "private", GOOD),  # the buurt of the shared place
    ]


async def test_an_inline_query_typed_on_is_one_question(harness: BotHarness) -> None:
    for typed in ("eenzaam", "eenzaamheid indi", "eenzaamheid indische buurt"):
        await harness.feed({"user": ANNA, "inline_query": typed})
    await harness.feed({"user": user(1002, name="Bo"), "inline_query": "schulden oost"})
    harness.clock.advance(minutes=5)
    await harness.feed({"user": ANNA, "inline_query": "eenzaamheid indische buurt"})
    assert await _demand(harness) == [
        ("eenzaamheid", "MF MG", "inline", GOOD),
        ("schulden", "M", "inline", GOOD),  # an Oost-wide offer for a question about Oost
        ("eenzaamheid", "MF MG", "inline", GOOD),  # minutes later: asked again
    ]


async def test_the_demand_table_has_no_column_that_could_name_a_person(
    harness: BotHarness,
) -> None:
    def columns(connection: Any) -> dict[str, str]:
        found = inspect(connection).get_columns("demand_questions")
        return {column["name"]: str(column["type"]).upper() for column in found}

    async with harness.services.db.engine.connect() as connection:
        assert isinstance(connection, AsyncConnection)
        kept = await connection.run_sync(columns)
    # Anything else (a user, chat or message id, a text, a moment) must not be added here.
    assert set(kept) == {"id", "day", "themes", "target_groups", "area_codes", "channel", "outcome"}
    for name in kept:
        for word in ("user", "chat", "message", "text", "query", "name", "time", "_at"):
            assert word not in name, name
    assert kept["day"] == "DATE"
    assert not any("TIME" in kind for kind in kept.values())


async def test_the_table_counts_per_theme_with_small_numbers_suppressed(
    harness: BotHarness,
) -> None:
    await _seed(harness)
    text = (await _table(harness))["text"]
    assert "Witte vlekken in Indische Buurt, Oostelijk Havengebied" in text
    assert "Laatste 3 maanden (24 aug 2026 \u2013 23 nov 2026): 28 vragen" in text
    gaps = text[text.index("Grootste gaten") : text.index("Per thema")].splitlines()[1:]
    assert [line for line in gaps if line] == [
        "• dementie in Indische Buurt-Oost: 7 vragen, 0 lokale aanbieders",
        "• eenzaamheid in Indische Buurt-West: 12 vragen, 1 lokale aanbieder",
        "• eenzaamheid in Indische Buurt-Oost: 6 vragen, 1 lokale aanbieder",
        "• schulden in Indische Buurt-West: < 5 vragen, 0 lokale aanbieders",
    ]
    rows = text[text.index("Per thema") :]
    assert (
        "eenzaamheid: 18 vragen · 33% lokaal beantwoord · 50% niets of niet wat gezocht\n"
        "   aanbod: 1 lokaal, 5 stadsdeelbreed, 0 stadsbreed"
    ) in rows
    assert (
        "dementie: 7 vragen · 0% lokaal beantwoord · 100% niets of niet wat gezocht\n"
        "   aanbod: 0 lokaal, 0 stadsdeelbreed, 0 stadsbreed"
    ) in rows
    # fewer than five questions: no shares of them either
    assert "schulden: < 5 vragen\n   aanbod: 0 lokaal, 1 stadsdeelbreed, 0 stadsbreed" in rows
    assert "3 vragen" not in text


async def test_the_period_filter(harness: BotHarness) -> None:
    await _seed(harness)
    text = (await _table(harness, "6 maanden"))["text"]
    assert "dementie: 12 vragen" in text  # the ones four months ago count now
    assert ": 33 vragen" in text
    text = (await _table(harness, "12 maanden"))["text"]
    assert "dementie: 12 vragen" in text  # more than a year ago never


async def test_the_csv_holds_the_same_numbers_as_the_text(harness: BotHarness) -> None:
    await _seed(harness)
    table = await _table(harness)
    [document] = await harness.press(COR, table, "📄 CSV")
    name = document["document"]["file_name"]
    assert name == "wittevlekken-indische-buurt--oostelijk-havengebied-2026-08-24-2026-11-23.csv"
    data = harness.core.file_bytes(document["document"]["file_id"]) or b""
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: Dutch Excel reads the accents
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Gebied", "Van", "Tot en met", "Thema", "Vragen"]
    by_theme = {row[3]: row for row in rows[1:]}
    assert by_theme["eenzaamheid"][4:] == ["18", "33%", "50%", "1", "5", "0"]
    assert by_theme["schulden"][4:7] == ["< 5", "< 5", "< 5"]
    assert by_theme["Totaal vragen"][4] == "28"
    for row in rows[1:-1]:
        shares = "" if row[4] == "< 5" else f" · {row[5]} lokaal beantwoord · {row[6]} niets"
        assert f"{row[3]}: {row[4]} vragen{shares}" in table["text"]
        assert (
            f"aanbod: {row[7]} lokaal, {row[8]} stadsdeelbreed, {row[9]} stadsbreed"
            in (table["text"])
        )
    assert "Anna" not in data.decode("utf-8-sig")


async def test_a_typed_area_with_a_typo_goes_to_its_gebied(harness: BotHarness) -> None:
    await _seed(harness)
    [periods] = await harness.send(COR, "/wittevlekken indisce buurt")
    assert periods["text"].startswith("Indische Buurt, Oostelijk Havengebied: over welke")
    await harness.press(COR, periods, "3 maanden")
    assert ": 28 vragen" in harness.current(COR["id"], periods["message_id"])["text"]
    [periods] = await harness.send(COR, "/gaps nieuw wst")
    assert periods["text"].startswith("Nieuw-West:")
    [unknown] = await harness.send(COR, "/wittevlekken Utrecht")
    assert unknown["text"].startswith('Ik ken geen gebied "Utrecht".')
    assert "Oost" in labels(unknown)


async def test_only_coordinators_see_the_gaps(harness: BotHarness) -> None:
    [refused] = await harness.send(ANNA, "/wittevlekken")
    assert refused["text"].startswith("Sorry, /wittevlekken is alleen voor de rol coördinator")
    [picker] = await harness.send(COR, "/wittevlekken", chat=GROUP)
    press = {"message_id": picker["message_id"], "button": "Oost"}
    [refused] = await harness.feed({"user": ANNA, "chat": GROUP, "press": press})
    assert "alleen voor de rol coördinator" in refused["text"]


async def test_demand_goes_after_its_retention(harness: BotHarness) -> None:
    await _seed(harness)
    context: Any = type("JobContext", (), {"services": harness.services})()
    await purge_demand(context)
    kept = await _demand(harness)
    assert len(kept) == len(SEEDED)  # two years by default: last year's questions stay
    harness.clock.advance(days=730 - 400)  # the first day after 730 days
    await purge_demand(context)
    assert len(await _demand(harness)) == len(SEEDED) - 1


async def test_privacy_says_what_demand_is_kept_and_for_how_long(harness: BotHarness) -> None:
    [reply] = await harness.send(ANNA, "/privacy")
    assert "tel ik elke vraag, 730 dagen lang" in reply["text"]
    assert "Geen tekst, geen id, geen chat" in reply["text"]
    [reply] = await harness.send(user(1002, "en", "Sam"), "/privacy")
    assert "I count every question, for 730 days" in reply["text"]


async def test_a_whole_stadsdeel_shows_its_gebieden_as_gaps(harness: BotHarness) -> None:
    await _seed(harness)
    [picker] = await harness.send(COR, "/wittevlekken")
    await harness.press(COR, picker, "Oost")
    await harness.press(COR, harness.current(COR["id"], picker["message_id"]), "Heel Oost")
    await harness.press(COR, harness.current(COR["id"], picker["message_id"]), "3 maanden")
    text = harness.current(COR["id"], picker["message_id"])["text"]
    assert ": 29 vragen" in text  # the question about all of Oost counts here
    assert "eenzaamheid: 19 vragen" in text
    assert "• eenzaamheid in Indische Buurt, Oostelijk Havengebied: 18 vragen" in text
    assert "taal" not in text  # asked in Nieuw-West


async def test_the_overview_in_english(harness: BotHarness) -> None:
    await _seed(harness)
    sam = user(ADMIN_ID, "en", "Sam")
    [periods] = await harness.send(sam, "/gaps indische buurt")
    await harness.press(sam, periods, "3 months")
    text = harness.current(ADMIN_ID, periods["message_id"])["text"]
    assert text.startswith("Gaps in Indische Buurt, Oostelijk Havengebied")
    assert "• dementia in Indische Buurt-Oost: 7 questions, 0 local providers" in text


async def test_the_map_and_the_six_themes_come_as_photos(harness: BotHarness) -> None:
    await _seed(harness)
    table = await _table(harness)
    assert labels(table)[-4:-2] == ["🗺 Kaart", "🗺 Zes thema's"]
    [themes] = await harness.press(COR, table, "🗺 Kaart")
    assert themes["text"] == "Kaart van Indische Buurt, Oostelijk Havengebied: welk thema?"
    assert labels(themes) == ["eenzaamheid", "dementie", "schulden"]  # most asked first
    [photo] = await harness.press(COR, themes, "dementie")
    assert photo["text"] == (
        "dementie in Indische Buurt, Oostelijk Havengebied, laatste 3 maanden: "
        "het deel van de vragen met niets of niet wat gezocht."
    )
    png = harness.core.file_bytes(photo["photo"][-1]["file_id"]) or b""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 1080
    [photo] = await harness.press(COR, table, "🗺 Zes thema's")
    assert photo["text"].startswith("De zes meest gevraagde thema's in Indische Buurt")
    png = harness.core.file_bytes(photo["photo"][-1]["file_id"]) or b""
    assert png.startswith(b"\x89PNG")
    assert int.from_bytes(png[16:20], "big") == 1080


async def test_the_map_caption_in_english(harness: BotHarness) -> None:
    await _seed(harness)
    sam = user(ADMIN_ID, "en", "Sam")
    [periods] = await harness.send(sam, "/gaps indische buurt")
    await harness.press(sam, periods, "3 months")
    table = harness.current(ADMIN_ID, periods["message_id"])
    [themes] = await harness.press(sam, table, "🗺 Map")
    assert labels(themes)[:2] == ["loneliness", "dementia"]
    [photo] = await harness.press(sam, themes, "loneliness")
    assert photo["text"].startswith("loneliness in Indische Buurt, Oostelijk Havengebied, last 3")
    assert photo["photo"]
