"""The city's facilities on the map: seeded, placed in their buurt, re-imported cleanly."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.__main__ import main
from bot.db.session import Database
from bot.i18n import Catalogues
from bot.socialmap.cards import freshness
from bot.socialmap.repository import OfferRepository
from matching.offer import Offer
from matching.resources import places_path


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("WIJKWIJZER_") and not name.startswith("WIJKWIJZER_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def _cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def _sources(url: str) -> tuple[dict[str, Offer], set[str], int]:
    async def read() -> tuple[dict[str, Offer], set[str], int]:
        db = Database(url)
        try:
            async with db.transaction() as session:
                repo = OfferRepository(session)
                offers = {o.id: o for o in await repo.all()}
                return offers, await repo.ids_of_source("municipal"), await repo.count()
        finally:
            await db.dispose()

    return asyncio.run(read())


def _records() -> list[dict[str, Any]]:
    path = places_path()
    assert path is not None
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_search_buurtteam_indische_buurt_on_a_fresh_install(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The city's data has no buurtteam location inside the Indische Buurt (31 locations,
    # none there): the answer is the closest ones, nearest first, saying so and how far.
    code, out, _ = _cli(
        capsys, "search", "buurtteam indische buurt", "--json", "--db", database_url
    )
    assert code == 0
    results = json.loads(out)["results"]
    assert [r["name"] for r in results[:3]] == [
        "Buurtteam Oud-oost",
        "Buurtteam Watergraafsmeer",
        "Buurtteam Oostelijke Eilanden",
    ]
    assert {r["area_match"] for r in results[:3]} == {"nearby"}
    assert (
        "geen in Indische Buurt; deze is het dichtstbij (1,1 km vanaf het midden)"
        in (results[0]["reasons"])
    )
    # Where there is one, it comes first as an exact match.
    code, out, _ = _cli(capsys, "search", "buurtteam de pijp", "--json", "--db", database_url)
    first = json.loads(out)["results"][0]
    assert (first["name"], first["area_match"]) == ("Buurtteam De Pijp", "exact")
    assert "is een buurtteamlocatie" in first["reasons"]
    # The city's places in the Indische Buurt are placed in their buurt: exact matches.
    code, out, _ = _cli(
        capsys, "search", "buurtkamer indische buurt", "--json", "--db", database_url
    )
    results = json.loads(out)["results"]
    _, municipal, _ = _sources(database_url)
    assert results[0]["id"] in municipal
    assert results[0]["area_match"] == "exact"


def test_a_newer_municipal_file_replaces_the_old_one(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _records()
    gone, changed = records[0], {**records[1], "name": records[1]["name"] + " (nieuw)"}
    newer = tmp_path / "newer.jsonl"
    lines = [changed, *records[2:]]
    newer.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")

    args = ("import-map", newer, "--source", "municipal", "--db", database_url)
    code, out, err = _cli(capsys, *args)
    assert (code, err) == (0, "")
    kept = len(records) - 1
    assert out == f"imported {newer}: 0 added, 1 changed, {kept - 1} unchanged, 1 removed\n"
    offers, municipal, count = _sources(database_url)
    assert len(municipal) == kept == 729
    assert gone["id"] not in offers
    assert offers[changed["id"]].name == changed["name"]
    assert offers[changed["id"]].areas != tuple(changed["areas"])  # placed in its buurt
    # Importing it again changes nothing and adds no duplicates.
    code, out, _ = _cli(capsys, *args)
    assert out == f"imported {newer}: 0 added, 0 changed, {kept} unchanged\n"
    assert _sources(database_url)[2] == count


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("nl", "bron: Gemeente Amsterdam (open data)"),
        ("en", "source: City of Amsterdam (open data)"),
    ],
)
def test_municipal_cards_name_the_source(language: str, line: str) -> None:
    t = Catalogues(ZoneInfo("Europe/Amsterdam"), "nl").translator(language)
    offer = Offer("p", "OBA Javaplein", "Bibliotheek.", ("bibliotheek",), ("Oost",), "place")
    assert line in freshness(t, offer, date(2026, 1, 1), municipal=True)
    assert line not in freshness(t, offer, date(2026, 1, 1))
