"""`wijkwijzer export-map DIR --format hsds`: the map as Open Referral HSDS 3.0 JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from bot.__main__ import main
from bot.web.hsds import SCHEMA_OF, TABLES, build_hsds, hsds_id, schema_dir
from matching.offer import Offer

Tables = dict[str, list[dict[str, Any]]]


def _registry() -> Registry:
    resources = [
        (node.name, Resource.from_contents(json.loads(node.read_text()), DRAFT202012))
        for node in schema_dir().iterdir()
        if node.name.endswith(".json")
    ]
    return Registry().with_resources(resources)


def _validator(table: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": SCHEMA_OF[table]},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _errors(tables: Tables) -> list[str]:
    validators = {table: _validator(table) for table in TABLES}
    return [
        f"{table}[{n}]: {error.message}"
        for table in TABLES
        for n, row in enumerate(tables[table])
        for error in validators[table].iter_errors(row)
    ]


def _export(capsys: pytest.CaptureFixture[str], url: str, folder: Path) -> Tables:
    code = main(["export-map", str(folder), "--format", "hsds", "--db", url])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "as HSDS 3.0" in out
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.json" for t in TABLES)
    return {table: json.loads((folder / f"{table}.json").read_text("utf-8")) for table in TABLES}


def test_the_bundled_map_exports_valid_hsds(
    seeded_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = _export(capsys, seeded_database_url, tmp_path / "hsds")
    assert all(tables[table] for table in TABLES)
    assert _errors(tables) == []
    # what links the files together points at something that is there
    organizations = {row["id"] for row in tables["organizations"]}
    services = {row["id"] for row in tables["services"]}
    locations = {row["id"] for row in tables["locations"]}
    assert {row["organization_id"] for row in tables["services"]} <= organizations
    assert {row["service_id"] for row in tables["service_at_location"]} <= services
    assert {row["location_id"] for row in tables["service_at_location"]} == locations
    assert {row["service_id"] for row in tables["schedules"]} <= services
    every_id = [row["id"] for table in TABLES for row in tables[table]]
    assert len(every_id) == len(set(every_id))


def test_the_same_map_gives_the_same_ids(
    seeded_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _export(capsys, seeded_database_url, tmp_path / "one")
    second = _export(capsys, seeded_database_url, tmp_path / "two")
    assert first == second
    for table in TABLES:
        assert (tmp_path / "one" / f"{table}.json").read_bytes() == (
            tmp_path / "two" / f"{table}.json"
        ).read_bytes()


def test_the_schemas_reject_what_hsds_does_not_allow() -> None:
    offer = Offer("x", "X", "Een initiatief.", ("taal",), ("Noord",))
    tables = build_hsds([offer]).tables
    assert _errors(tables) == []
    tables["services"][0]["status"] = "open"
    del tables["organizations"][0]["name"]
    tables["services"][0]["id"] = "not-a-uuid"
    assert len(_errors(tables)) == 3


def test_an_offer_maps_onto_organisation_service_location_and_schedule() -> None:
    organisation = Offer(
        "buurtwerk", "Buurtwerk Noord", "Welzijn in Noord.", ("welzijn",), ("Noord",),
        kind="organization", url="https://example.org", email="info@example.org",
    )  # fmt: skip
    koffie = Offer(
        "koffie", "Koffieochtend", "Koffie met buren.", ("eenzaamheid",), ("Noord",),
        organization="buurtwerk noord", address="Markengouw 245, 1024EA Amsterdam",
        latitude=52.39, longitude=4.95, schedule="dinsdag 10:00-12:00", phone="020 123 4567",
        languages=("nl", "tr"),
    )  # fmt: skip
    alone = Offer("los", "Los initiatief", "Zonder organisatie.", ("taal",), ("Oost",))
    tables = build_hsds([organisation, koffie, alone]).tables
    assert _errors(tables) == []
    organisations = {row["name"]: row for row in tables["organizations"]}
    assert set(organisations) == {"Buurtwerk Noord", "Los initiatief"}
    assert organisations["Buurtwerk Noord"]["website"] == "https://example.org"
    service = next(row for row in tables["services"] if row["name"] == "Koffieochtend")
    assert service["id"] == hsds_id("service", "koffie")
    assert service["organization_id"] == organisations["Buurtwerk Noord"]["id"]
    assert [p["number"] for p in service["phones"]] == ["020 123 4567"]
    assert [lang["code"] for lang in service["languages"]] == ["nl", "tr"]
    [location] = tables["locations"]
    assert (location["latitude"], location["longitude"]) == (52.39, 4.95)
    [address] = location["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Markengouw 245",
        "1024EA",
        "Amsterdam",
    )
    [link] = tables["service_at_location"]
    assert (link["service_id"], link["location_id"]) == (service["id"], location["id"])
    [schedule] = tables["schedules"]
    assert schedule["description"] == "dinsdag 10:00-12:00"


def test_hsds_wants_a_folder_not_a_file(
    seeded_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "map.jsonl"
    file.write_text("", "utf-8")
    code = main(["export-map", str(file), "--format", "hsds", "--db", seeded_database_url])
    assert code == 1
    assert "writes a folder" in capsys.readouterr().err


def test_the_vendored_schemas_come_with_their_licence_and_source() -> None:
    folder = schema_dir()
    names = {node.name for node in folder.iterdir()}
    assert {SCHEMA_OF[table] for table in TABLES} <= names
    hsds = Path(str(folder)).parent
    assert "Attribution-ShareAlike 4.0" in (hsds / "LICENSE.txt").read_text("utf-8")
    assert "openreferral/specification" in (hsds / "SOURCES.md").read_text("utf-8")
