"""The build of the city's facilities: lost letters, corona-era locations, one record a place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from content.places.build import SHIPPED, SOURCE, build, clean, main, parse
from content.places.cleaning import is_corona_location, merge_duplicates, place_key
from content.places.lost_letters import Spellings, register_words


def _spellings(*texts: str) -> Spellings:
    return Spellings(register_words(texts))


@pytest.mark.parametrize(
    ("lost", "repaired"),
    [
        ("Hygi?astraat 4, 1076RM Amsterdam", "Hygiëastraat 4, 1076RM Amsterdam"),
        ("August Alleb?plein 11", "August Allebéplein 11"),
        # part of a compound, or after a hyphen
        ("Zwerverscaf?", "Zwerverscafé"),
        ("Grand-Caf? Genieten", "Grand-Café Genieten"),
        (
            "Zelfbeheer Buurtkamer De Bol en woonwerkco?p.",
            "Zelfbeheer Buurtkamer De Bol en woonwerkcoöp.",
        ),
        ("CAF? DE HOEK", "CAFÉ DE HOEK"),
        # nothing fits: the `?` goes, and no double space is left
        ("De Buren d? Oude Raai", "De Buren d Oude Raai"),
        ("K37 Papaverhoek?", "K37 Papaverhoek"),
        ("Buurtkamer ? Oost", "Buurtkamer Oost"),
        ("Buurtkamer De Kroon", "Buurtkamer De Kroon"),
    ],
)
def test_lost_letters_come_back_from_the_registers(lost: str, repaired: str) -> None:
    spellings = _spellings("August Allebéplein", "Hygiëastraat", "een café", "coöp", "é")
    assert spellings.repair(lost) == repaired


def test_a_lost_letter_that_two_spellings_explain_is_dropped_not_guessed() -> None:
    spellings = _spellings("Paré", "Parè")
    assert spellings.repair("Ru Par?") == "Ru Par"
    assert [(c.lost, c.result, c.repaired) for c in spellings.changes] == [("Par?", "Par", False)]
    # Two register words that put back the same letter are one spelling.
    assert _spellings("Paré", "paré").repair("Ru Par?") == "Ru Paré"


def test_the_registers_hold_only_long_words_with_letters_outside_ascii() -> None:
    assert register_words(["Café de Pijp, één tafel, é, Straße 12"]) == {"Café", "Straße"}


@pytest.mark.parametrize(
    "name",
    [
        "De Kloof (inloophuis tijdens corona crisis)",
        "Princehof (inloophuis tijdens Coronacrisis)",
        "Tijdelijke opvang (corona-periode)",
        "Noodopvang tijdens de coronapandemie",
    ],
)
def test_corona_era_locations_are_recognised(name: str) -> None:
    assert is_corona_location({"name": name, "description": "Opvanglocatie (Inloophuis)."})


def test_other_places_are_not_corona_era_locations() -> None:
    assert not is_corona_location({"name": "De Kloof", "description": "Inloophuis."})
    assert not is_corona_location({"name": "Buurtkamer Corona", "description": "Buurtkamer."})
    assert is_corona_location({"name": "Makom", "description": "Inloophuis tijdens Coronacrisis."})


def _record(
    rid: str, name: str, description: str, themes: list[str], **more: Any
) -> dict[str, Any]:
    return {
        "id": rid,
        "name": name,
        "description": description,
        "themes": themes,
        "areas": ["Noord"],
        **more,
        "kind": "place",
    }


EVENAAR_ADDRESS = "Kometensingel 189, 1033BE Amsterdam"
MEEDOEN = "Dagbestedingslocatie (Meedoen ouderen) in stadsdeel Noord, domein Jeugd en Zorg."
HVDW = "Huis van de wijk in stadsdeel Noord, domein Basisvoorzieningen."


def test_records_of_one_place_become_one_led_by_the_building() -> None:
    records = [
        _record(
            "evenaar-ouderen",
            "Huis van de Wijk De Evenaar",
            f"{MEEDOEN} Adres: {EVENAAR_ADDRESS}.",
            ["ouderen", "dagbesteding", "ontmoeten"],
            address=EVENAAR_ADDRESS,
        ),
        _record(
            "buurtteam-molenwijk",
            "Buurtteam Molenwijk",
            "Buurtteamlocatie in stadsdeel Noord, domein Jeugd en Zorg.",
            ["buurtteam"],
            address=EVENAAR_ADDRESS,
        ),
        _record(
            "evenaar-hvdw",
            "huis van de wijk  de Evenaar",
            f"{HVDW} Adres: {EVENAAR_ADDRESS}.",
            ["ontmoeten", "huis van de wijk"],
            address="Kometensingel 189,  1033 BE Amsterdam",
            url="https://example.org/evenaar",
        ),
    ]
    merged, merged_into = merge_duplicates(records)
    assert [r["id"] for r in merged] == ["evenaar-hvdw", "buurtteam-molenwijk"]
    assert merged_into == {"evenaar-ouderen": "evenaar-hvdw"}
    place = merged[0]
    assert place["themes"] == ["ontmoeten", "huis van de wijk", "ouderen", "dagbesteding"]
    assert place["url"] == "https://example.org/evenaar"
    assert place["description"] == (
        "Huis van de wijk / Dagbestedingslocatie (Meedoen ouderen) in stadsdeel Noord, "
        f"domein Basisvoorzieningen / Jeugd en Zorg. Adres: {EVENAAR_ADDRESS}."
    )
    # Two services at one address under different names stay two.
    assert merged[1] == records[1]


def test_records_without_an_address_are_never_merged() -> None:
    twins = [
        _record("a", "Buurtteam Sluisbuurt", "Buurtteamlocatie.", ["buurtteam"]),
        _record("b", "Buurtteam Sluisbuurt", "Buurtteamlocatie.", ["buurtteam"]),
    ]
    assert place_key(twins[0]) is None
    merged, merged_into = merge_duplicates(twins)
    assert merged == twins
    assert merged_into == {}


def test_the_build_repairs_before_it_merges_and_leaves_corona_out() -> None:
    records = [
        _record("caf-1", "Zwerverscaf?", "Inloophuis.", ["opvang"], address="Hoek 1"),
        _record("caf-2", "Zwerverscafé", "Inloophuis.", ["dakloosheid"], address="Hoek 1"),
        _record("kloof", "De Kloof (inloophuis tijdens corona crisis)", "x", [], address="K 9"),
    ]
    shipped, report = clean(records, _spellings("café"))
    assert [(r["id"], r["name"], r["themes"]) for r in shipped] == [
        ("caf-1", "Zwerverscafé", ["opvang", "dakloosheid"])
    ]
    assert report.corona == ["De Kloof (inloophuis tijdens corona crisis)"]
    assert report.merged_into == {"caf-2": "caf-1"}
    assert (report.rows, report.shipped) == (3, 1)


def test_the_shipped_file_is_what_the_build_makes_from_the_source() -> None:
    built, report = build(SOURCE.read_text("utf-8"))
    assert SHIPPED.read_text("utf-8") == built
    shipped = parse(built)
    assert report.shipped == len(shipped) < report.rows
    assert not [r["name"] for r in shipped if "?" in json.dumps(r, ensure_ascii=False)]
    assert not [r["name"] for r in shipped if is_corona_location(r)]
    keys = [key for r in shipped if (key := place_key(r)) is not None]
    assert len(keys) == len(set(keys))
    # Every kept id is one of the source's: cards and imports keep pointing at them.
    assert {r["id"] for r in shipped} <= {r["id"] for r in parse(SOURCE.read_text("utf-8"))}
    names = {r["name"] for r in shipped}
    assert {"Zwerverscafé", "Carré", "Dagbesteding Eben Haëzer", "De Buren d Oude Raai"} <= names
    assert [r["name"] for r in shipped].count("Vreugdehof") == 1


def test_check_reports_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "facilities.jsonl"
    assert main(["--output", str(out), "--check", "--quiet"]) == 1
    assert main(["--output", str(out), "--quiet"]) == 0
    assert main(["--output", str(out), "--check"]) == 0
    assert "source records ->" in capsys.readouterr().out
    assert out.read_text("utf-8") == SHIPPED.read_text("utf-8")
