"""The social map in the database: exact round trip, idempotent upserts, versioning."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.db.session import Database
from bot.socialmap.repository import ImportReport, OfferRepository
from matching.offer import Offer

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KOFFIE = Offer(
    id="koffie-kwartier",
    name="Koffiekwartier",
    description="Wekelijkse koffieochtend voor buurtgenoten.",
    themes=("eenzaamheid", "ontmoeting"),
    areas=("Indische Buurt", "MF"),
    target_groups=("ouderen",),
    languages=("nl", "tr"),
    schedule="dinsdag 10:00-12:00",
    latitude=52.36,
    longitude=4.94,
    last_verified=date(2026, 9, 1),
)
TAAL = Offer(
    id="taal-oost",
    name="Taalcafé Oost",
    description="Nederlands oefenen.",
    themes=("taal",),
    areas=("Oost",),
)


async def test_round_trip_and_idempotent_upsert(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.transaction() as session:
            report = await OfferRepository(session).upsert([KOFFIE, TAAL], "map", NOW)
        assert report == ImportReport(added=2, changed=0, unchanged=0)
        async with db.transaction() as session:
            repo = OfferRepository(session)
            assert await repo.all() == [KOFFIE, TAAL]
            assert await repo.version() == 1
            again = await repo.upsert([KOFFIE, TAAL], "map", NOW)
            assert again == ImportReport(added=0, changed=0, unchanged=2)
            assert await repo.version() == 1
    finally:
        await db.dispose()


async def test_changes_are_counted_and_bump_the_version(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.transaction() as session:
            await OfferRepository(session).upsert([KOFFIE], "map", NOW)
        moved = Offer(**{**KOFFIE.__dict__, "areas": ("Dapperbuurt",), "themes": ("taal",)})
        async with db.transaction() as session:
            repo = OfferRepository(session)
            assert await repo.upsert([moved], "map", NOW) == ImportReport(0, 1, 0)
        async with db.transaction() as session:
            repo = OfferRepository(session)
            assert await repo.get("koffie-kwartier") == moved
            assert await repo.version() == 2
    finally:
        await db.dispose()


async def test_replacing_a_source_removes_what_it_no_longer_has(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.transaction() as session:
            repo = OfferRepository(session)
            await repo.upsert([KOFFIE], "map", NOW)
            await repo.upsert([TAAL], "municipal", NOW)
        async with db.transaction() as session:
            repo = OfferRepository(session)
            report = await repo.upsert([], "municipal", NOW, replace_source=True)
            assert report.removed == 1
            assert [o.id for o in await repo.all()] == ["koffie-kwartier"]
    finally:
        await db.dispose()
