"""The social-map commands: import-map, export-map and search (interfaces.md)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from bot.__main__ import main
from bot.db.session import Database
from bot.i18n import Catalogues, locales_dir
from bot.socialmap.repository import OfferRepository
from matching.socialmap import load_map

ROOT = Path(__file__).resolve().parents[2]

KOFFIE: dict[str, Any] = {
    "id": "koffie-kwartier",
    "name": "Koffiekwartier",
    "description": "Wekelijkse koffieochtend voor buurtgenoten die vaker onder de mensen willen.",
    "themes": ["eenzaamheid", "ontmoeting"],
    "target_groups": ["ouderen"],
    "areas": ["Indische Buurt"],
    "schedule": "dinsdag 10:00-12:00",
    "languages": ["nl", "tr"],
    "latitude": 52.3623,
    "longitude": 4.9371,
    "last_verified": "2026-09-01",
}
TAAL: dict[str, Any] = {
    "id": "taal-en-thee",
    "name": "Taal & Thee Osdorp",
    "kind": "place",
    "description": 'Nederlands oefenen met buren, met "thee", koffie en geduld.',
    "themes": ["taal"],
    "target_groups": ["nieuwkomers"],
    "areas": ["Osdorp"],
    "address": "Tussen Meer 1",
    "url": "https://example.org/taal",
    "last_verified": "2026-10-01",
}
LUISTER: dict[str, Any] = {
    "id": "luisterlijn",
    "name": "Luisterlijn Amsterdam",
    "kind": "service",
    "description": "Telefonisch een luisterend oor, dag en nacht, voor wie zich alleen voelt.",
    "themes": ["eenzaamheid"],
    "areas": ["Amsterdam"],
    "organization": "Stichting Luisterlijn",
    "phone": "088 0767 000",
}
GESTOPT: dict[str, Any] = {
    "id": "oude-soos",
    "name": "Oude Soos",
    "description": "Gestopte soos voor eenzame ouderen in de Indische Buurt.",
    "themes": ["eenzaamheid"],
    "areas": ["Indische Buurt"],
    "status": "inactive",
}
OFFERS = [KOFFIE, TAAL, LUISTER, GESTOPT]
INVALID = [
    KOFFIE,
    {**TAAL, "id": "nergens", "areas": ["Atlantis"]},
    {"id": "X Y", "name": "Fout", "themes": ["taal"], "areas": ["Osdorp"], "colour": "blauw"},
]
CLI_KEYS = {
    "cli.search.none",
    "cli.search.result",
    "cli.search.reasons",
    *(f"cli.area.{match}" for match in ("exact", "within", "nearby", "none")),
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No settings from the environment or a .env file; relative paths land in tmp_path."""
    for name in list(os.environ):
        if name.startswith("WIJKWIJZER_") and not name.startswith("WIJKWIJZER_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    """A valid social map of four offers (one inactive)."""
    return _jsonl(tmp_path / "map.jsonl", OFFERS)


def _cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def _count(url: str) -> int:
    async def count() -> int:
        db = Database(url)
        try:
            async with db.transaction() as session:
                return await OfferRepository(session).count()
        finally:
            await db.dispose()

    return asyncio.run(count())


def test_import_then_reimport_changes_nothing(
    database_url: str, map_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(capsys, "import-map", map_file, "--db", database_url)
    assert (code, err) == (0, "")
    assert out == f"imported {map_file}: 4 added, 0 changed, 0 unchanged\n"
    assert _count(database_url) == 4
    code, out, _ = _cli(capsys, "import-map", map_file, "--db", database_url)
    assert code == 0
    assert "0 added, 0 changed, 4 unchanged" in out


def test_invalid_file_lists_every_error_and_writes_nothing(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _jsonl(tmp_path / "bad.jsonl", INVALID)
    code, out, err = _cli(capsys, "import-map", bad, "--db", database_url)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    expected = [str(error) for error in load_map(bad).errors]
    assert len(expected) >= 4
    assert lines[:-1] == expected
    assert lines[0].startswith("row 2, field 'areas', value 'Atlantis': unknown area")
    assert any(line.startswith("row 3, field 'colour', value 'blauw'") for line in lines)
    assert any(line.startswith("row 3, field 'id', value 'X Y'") for line in lines)
    assert any(line.startswith("row 3, field 'description'") for line in lines)
    assert f"{len(expected)} errors in {bad}; nothing was imported" in lines[-1]
    assert _count(database_url) == 0


def test_skip_invalid_imports_the_valid_rows(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _jsonl(tmp_path / "skip.jsonl", INVALID)
    code, out, err = _cli(capsys, "import-map", bad, "--db", database_url, "--skip-invalid")
    assert code == 0
    assert out == f"imported {bad}: 1 added, 0 changed, 0 unchanged, 2 invalid rows skipped\n"
    assert "Atlantis" in err  # what was skipped is still said
    assert _count(database_url) == 1


def test_dry_run_reports_and_writes_nothing(
    database_url: str, map_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _cli(capsys, "import-map", map_file, "--db", database_url, "--dry-run")
    assert code == 0
    assert out.startswith("dry run, nothing written")
    assert "4 added, 0 changed, 0 unchanged" in out
    assert _count(database_url) == 0
    _cli(capsys, "import-map", map_file, "--db", database_url)
    changed = _jsonl(map_file.with_name("changed.jsonl"), [{**KOFFIE, "name": "Koffiehoek"}])
    code, out, _ = _cli(capsys, "import-map", changed, "--db", database_url, "--dry-run")
    assert "0 added, 1 changed, 0 unchanged" in out
    code, out, _ = _cli(capsys, "import-map", map_file, "--db", database_url)
    assert "0 added, 0 changed, 4 unchanged" in out  # the dry run left the old name


@pytest.mark.parametrize(
    ("name", "says"), [("missing.jsonl", "cannot read"), ("map.txt", "unknown social-map format")]
)
def test_unreadable_file_or_unknown_suffix_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, says: str
) -> None:
    (tmp_path / "map.txt").write_text("{}\n", "utf-8")
    code, out, err = _cli(capsys, "import-map", tmp_path / name, "--db", "sqlite:///x.db")
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1
    assert err.startswith("wijkwijzer: ")
    assert says in err
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
def test_export_then_import_round_trips_exactly(
    database_url: str,
    map_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    _cli(capsys, "import-map", map_file, "--db", database_url)
    exported = tmp_path / f"export{suffix}"
    code, out, _ = _cli(capsys, "export-map", exported, "--db", database_url)
    assert code == 0
    assert out == f"exported 4 offers to {exported}\n"
    original = sorted(load_map(map_file).offers, key=lambda offer: offer.id)
    assert list(load_map(exported).offers) == original
    code, out, _ = _cli(capsys, "import-map", exported, "--db", database_url)
    assert "0 added, 0 changed, 4 unchanged" in out
    # Into an empty database (created on first use) and out again: the same bytes.
    second = f"sqlite+aiosqlite:///{tmp_path}/second.db"
    code, out, _ = _cli(capsys, "import-map", exported, "--db", second)
    assert "4 added, 0 changed, 0 unchanged" in out
    again = tmp_path / f"again{suffix}"
    _cli(capsys, "export-map", again, "--db", second)
    assert again.read_bytes() == exported.read_bytes()


def _search_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> dict[str, Any]:
    code, out, err = _cli(capsys, "search", *args, "--json")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    answer: dict[str, Any] = json.loads(lines[0])
    return answer


def test_search_json_follows_the_contract(
    database_url: str, map_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli(capsys, "import-map", map_file, "--db", database_url)
    answer = _search_json(capsys, "eenzaamheid Indische Buurt", "--db", database_url)
    assert answer["query"] == "eenzaamheid Indische Buurt"
    assert "eenzaamheid" in answer["themes"]
    assert [area["name"] for area in answer["areas"]] == ["Indische Buurt"]
    assert set(answer["areas"][0]) == {"code", "name", "level"}
    results = answer["results"]
    assert [r["id"] for r in results][:2] == ["koffie-kwartier", "luisterlijn"]
    assert "oude-soos" not in [r["id"] for r in results]  # inactive offers never come back
    for result in results:
        assert set(result) >= {"id", "name", "score", "area_match", "reasons"}
        assert 0 <= result["score"] <= 100
        assert isinstance(result["reasons"], list)
    assert results[0]["name"] == "Koffiekwartier"
    assert [r["area_match"] for r in results[:2]] == ["exact", "within"]
    # ranked best first (the ids above); each score is the offer's own, not capped by the
    # one above it, so scores need not fall down the list
    limited = _search_json(capsys, "eenzaamheid", "--db", database_url, "--limit", "1")
    assert len(limited["results"]) == 1


def test_search_with_a_map_file_needs_no_database(
    map_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(tmp_path.iterdir())
    answer = _search_json(capsys, "taal", "osdorp", "--map", map_file)
    assert answer["query"] == "taal osdorp"
    assert [r["id"] for r in answer["results"]][:1] == ["taal-en-thee"]
    assert sorted(tmp_path.iterdir()) == before
    nothing = _search_json(capsys, "xyzzy plugh", "--map", map_file)
    assert nothing["results"] == []


def test_search_with_an_invalid_map_file_lists_the_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _jsonl(tmp_path / "bad.jsonl", INVALID)
    code, out, err = _cli(capsys, "search", "taal", "--map", bad, "--json")
    assert (code, out) == (1, "")
    assert "row 2, field 'areas', value 'Atlantis'" in err
    assert err.splitlines()[-1].startswith("wijkwijzer: ")


def test_search_over_a_map_from_another_town_answers_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An import refuses areas outside Amsterdam; a search over such a file answers with
    each of its towns as a place of its own, and says so once on stderr."""
    here = {k: v for k, v in KOFFIE.items() if k not in ("latitude", "longitude")}
    elsewhere = [
        {**here, "id": "koffie-hengelo", "areas": ["Hengelo"]},
        {**here, "id": "koffie-losser", "areas": ["Losser"]},
    ]
    town_map = _jsonl(tmp_path / "twente.jsonl", elsewhere)
    code, out, err = _cli(capsys, "search", "koffieochtend losser", "--map", town_map, "--json")
    assert code == 0, err
    answer = json.loads(out)
    assert [area["name"] for area in answer["areas"]] == ["Losser"]
    assert [r["id"] for r in answer["results"]] == ["koffie-losser"]
    assert answer["results"][0]["area_match"] == "exact"
    assert err.splitlines() == [
        "wijkwijzer: 2 areas outside Amsterdam (Hengelo, Losser): places of their own"
    ]
    code, _, err = _cli(capsys, "import-map", town_map, "--dry-run")
    assert code == 1
    assert "value 'Losser': unknown area" in err


def test_human_readable_answers_come_from_the_catalogue(
    map_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en = Catalogues(ZoneInfo("Europe/Amsterdam")).translator("en")
    code, out, _ = _cli(capsys, "search", "taal osdorp", "--map", map_file, "--lang", "en")
    assert code == 0
    first, why = out.splitlines()[:2]
    assert first.startswith("1. Taal & Thee Osdorp (score ")  # no HTML escaping in a terminal
    assert first.endswith(f", {en('cli.area.exact')})")
    assert why.startswith("   why: ")
    code, out, _ = _cli(capsys, "search", "xyzzy plugh", "--map", map_file, "--lang", "en")
    assert out == en("cli.search.none").format(query="xyzzy plugh") + "\n"
    code, out, _ = _cli(capsys, "search", "xyzzy plugh", "--map", map_file)
    assert out.startswith("Niets gevonden")


def _catalogue_ids(language: str) -> set[str]:
    path = locales_dir() / language / "LC_MESSAGES" / "wijkwijzer.po"
    with path.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_cli_messages_are_in_both_catalogues(language: str) -> None:
    assert CLI_KEYS - _catalogue_ids(language) == set()


def test_fresh_database_is_created_on_first_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/fresh.db"  # the short form, normalised like the setting
    answer = _search_json(capsys, "eenzaamheid", "--db", url)
    assert isinstance(answer["results"], list)
    assert (tmp_path / "fresh.db").stat().st_size > 0
    code, out, _ = _cli(capsys, "export-map", tmp_path / "out.csv", "--db", url)
    assert code == 0
    assert out.startswith("exported ")


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--batch", "--map", "map.jsonl"],
        ["search", "taal", "--map", "map.jsonl", "--db", "sqlite:///x.db"],
        ["search", "--map", "map.jsonl", "--json"],
        ["search", "--batch", "taal", "--json"],
        ["search", "taal", "--limit", "0"],
        ["import-map", "map.jsonl", "--db", "mysql://localhost/x"],
    ],
)
def test_usage_errors(map_file: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert "usage: wijkwijzer" in capsys.readouterr().err
    assert not Path("x.db").exists()


def test_batch_answers_each_line_in_order(map_file: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKWIJZER_")}
    env["PYTHONPATH"] = str(ROOT)
    questions = ["eenzaamheid indische buurt", "", "  taal Osdorp ", "xyzzy plugh", "eenzaamheid"]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "search", "--batch", "--json", "--map", str(map_file)],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    asked = [q.strip() for q in questions if q.strip()]
    assert [a["query"] for a in answers] == asked
    assert answers[0]["results"][0]["id"] == "koffie-kwartier"
    assert answers[1]["results"][0]["id"] == "taal-en-thee"
    assert answers[2]["results"] == []
    assert all(len(a["results"]) <= 5 for a in answers)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.jsonl"]
