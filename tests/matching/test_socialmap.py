"""Social-map files: every kind of error is reported, and export → import round-trips."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.gazetteer import Gazetteer
from matching.languages import ISO_639_1
from matching.offer import FIELD_ORDER, KINDS, STATUSES, Offer
from matching.socialmap import dump_map, dumps_map, format_of, load_map, parse_map
from matching.validation import MapError

from .conftest import DATA

LANG_HINT = " (two lower-case letters, e.g. 'nl')"
SWAP_HINT = " swapped (Amsterdam is 52.37, 4.90)"
TELEGRAM_HINT = " (5-32 letters, digits or '_')"

VALID = {
    "id": "koffie-kwartier",
    "name": "Koffiekwartier",
    "description": "Wekelijkse koffieochtend.",
    "themes": ["eenzaamheid"],
    "areas": ["Indische Buurt"],
}


def errors_of(gazetteer: Gazetteer, **changes: object) -> list[tuple[str, str]]:
    record = {**VALID, **changes}
    record = {k: v for k, v in record.items() if v is not None}
    loaded = parse_map(json.dumps(record) + "\n", "jsonl", gazetteer)
    return [(e.field, e.reason) for e in loaded.errors]


def test_a_valid_record_gives_an_offer_with_defaults(gazetteer: Gazetteer) -> None:
    loaded = parse_map(json.dumps(VALID), "jsonl", gazetteer)
    assert loaded.ok
    (offer,) = loaded.offers
    assert offer.kind == "initiative"
    assert offer.status == "active"
    assert offer.areas == ("Indische Buurt",)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"naam": "x"}, "naam", "unknown field; did you mean 'name'?"),
        ({"id": None}, "id", "required field is missing or empty"),
        ({"name": "  "}, "name", "required field is missing or empty"),
        ({"themes": []}, "themes", "required field is missing or empty"),
        ({"areas": None}, "areas", "required field is missing or empty"),
        ({"id": "Koffie Kwartier"}, "id", "must be 2-64 characters of a-z, 0-9 and '-'"),
        ({"name": "x" * 121}, "name", "longer than 120 characters (121)"),
        ({"description": "x" * 601}, "description", "longer than 600 characters (601)"),
        ({"name": 12}, "name", "must be text"),
        ({"themes": "eenzaamheid"}, "themes", "must be a list of text items"),
        ({"themes": ["a;b"]}, "themes", "an item may not contain ';' (it separates items in CSV)"),
        ({"kind": "club"}, "kind", "must be one of initiative, organization, service, place"),
        ({"status": "paused"}, "status", "must be one of active, inactive"),
        ({"url": "www.example.org"}, "url", "must be an http(s) URL such as https://example.org"),
        ({"email": "info@example"}, "email", "must be an e-mail address such as info@example.org"),
        ({"telegram": "buurtbel"}, "telegram", "must be a Telegram @username" + TELEGRAM_HINT),
        ({"phone": "bel ons"}, "phone", "must be a phone number of 5-15 digits, e.g. 020 123 4567"),
        ({"last_verified": "1-9-2026"}, "last_verified", "must be an ISO date YYYY-MM-DD"),
        ({"last_verified": "2026-02-30"}, "last_verified", "must be an ISO date YYYY-MM-DD"),
        ({"languages": ["nl", "NL"]}, "languages", "not an ISO 639-1 language code" + LANG_HINT),
        ({"latitude": 52.37}, "longitude", "latitude and longitude go together; one is missing"),
        ({"latitude": "52.3", "longitude": 4.9}, "latitude", "must be a number"),
        ({"latitude": True, "longitude": 4.9}, "latitude", "must be a number"),
        (
            {"latitude": 4.9, "longitude": 52.37},
            "latitude",
            "latitude and longitude look" + SWAP_HINT,
        ),
        ({"latitude": 95.0, "longitude": 4.9}, "latitude", "must be between -90 and 90"),
        ({"name": "Koffie\x00kwartier"}, "name", "contains control characters"),
    ],
)
def test_each_kind_of_error(
    gazetteer: Gazetteer, changes: dict[str, object], field: str, reason: str
) -> None:
    assert (field, reason) in errors_of(gazetteer, **changes)


def test_unknown_areas_are_named_with_suggestions(gazetteer: Gazetteer) -> None:
    errors = parse_map(
        json.dumps({**VALID, "areas": ["Osdrop", "Watergraafmeer Noord"]}), "jsonl", gazetteer
    ).errors
    # a small typo is forgiven; an unknown name is an error with suggestions
    assert errors == (
        MapError(
            1,
            "areas",
            "Watergraafmeer Noord",
            "unknown area; did you mean: Watergraafsmeer, Buikslotermeer-Noord, "
            "Slotermeer-Noordoost?",
        ),
    )


def test_every_error_of_every_row_is_reported_and_only_valid_rows_kept(
    gazetteer: Gazetteer,
) -> None:
    lines = [
        json.dumps(VALID),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({**VALID, "id": "koffie-kwartier"}),
        "",
        json.dumps({**VALID, "id": "tweede", "url": "nope", "email": "nope"}),
        '{"id": "a1", "id": "a2"}',
        json.dumps({**VALID, "id": "derde"}),
    ]
    loaded = parse_map("\n".join(lines), "jsonl", gazetteer)
    assert not loaded.ok
    assert [o.id for o in loaded.offers] == ["koffie-kwartier", "derde"]
    rows = [(e.row, e.field) for e in loaded.errors]
    assert (2, "") in rows
    assert (3, "") in rows
    assert (4, "id") in rows
    assert (6, "url") in rows
    assert (6, "email") in rows
    assert (7, "id") in rows
    assert loaded.rows == 7
    duplicate = next(e for e in loaded.errors if e.row == 4)
    assert duplicate.reason == "duplicate id; first used on row 1"
    assert str(duplicate) == (
        "row 4, field 'id', value 'koffie-kwartier': duplicate id; first used on row 1"
    )


def test_csv_lists_bom_and_numbers(gazetteer: Gazetteer) -> None:
    text = (
        "\ufeffid,name,description,themes,areas,languages,latitude,longitude\n"
        'a1,Taalcafé,"Oefenen, met koffie",taal; ontmoeting,Osdorp;Slotervaart,nl;ar,52.36,4.78\n'
    )
    loaded = parse_map(text, "csv", gazetteer)
    assert loaded.ok, loaded.errors
    (offer,) = loaded.offers
    assert offer.themes == ("taal", "ontmoeting")
    assert offer.areas == ("Osdorp", "Slotervaart")
    assert offer.languages == ("nl", "ar")
    assert offer.latitude == 52.36


def test_csv_header_problems(gazetteer: Gazetteer) -> None:
    unknown = "id,name,description,themes,areas,thema\na1,A,B,taal,Osdorp,x\na2,A,B,taal,Osdorp,y\n"
    errors = parse_map(unknown, "csv", gazetteer).errors
    assert errors == (MapError(1, "thema", "", "unknown field; did you mean 'themes'?"),)
    twice = "id,name,name\na1,A,B\n"
    assert parse_map(twice, "csv", gazetteer).errors[0].reason == "column given more than once"
    extra = "id,name,description,themes,areas\na1,A,B,taal,Osdorp,surplus\n"
    assert parse_map(extra, "csv", gazetteer).errors[0].reason == "more values than columns"
    numbers = "id,name,description,themes,areas,latitude,longitude\na1,A,B,taal,Osdorp,noord,4.9\n"
    assert parse_map(numbers, "csv", gazetteer).errors[0].reason == "must be a number"


def test_json_must_be_an_array(gazetteer: Gazetteer) -> None:
    assert parse_map("{}", "json", gazetteer).errors[0].reason == (
        "a .json social map must be one JSON array"
    )
    assert parse_map(json.dumps([VALID]), "json", gazetteer).ok


def test_files_that_are_not_utf8(tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = tmp_path / "map.csv"
    path.write_bytes("id,name\nx,Caf\xe9\n".encode("latin-1"))
    loaded = load_map(path, gazetteer)
    assert not loaded.ok
    assert "not UTF-8" in loaded.errors[0].reason


def test_format_follows_the_suffix() -> None:
    assert [format_of(p) for p in ("a.jsonl", "b.JSON", "c.csv")] == ["jsonl", "json", "csv"]
    with pytest.raises(ValueError, match="unknown social-map format"):
        format_of("map.xlsx")


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
def test_the_test_map_round_trips_through_every_format(
    tmp_path: Path, gazetteer: Gazetteer, suffix: str
) -> None:
    original = load_map(DATA / "map.jsonl", gazetteer)
    path = tmp_path / f"export{suffix}"
    dump_map(original.offers, path)
    again = load_map(path, gazetteer)
    assert again.ok, again.errors
    assert again.offers == original.offers
    assert path.read_text(encoding="utf-8") == dumps_map(again.offers, format_of(path))


def test_records_keep_the_spec_field_order() -> None:
    assert {f.name for f in dataclasses.fields(Offer)} == set(FIELD_ORDER)
    offer = Offer("a1", "A", "B", ("taal",), ("Osdorp",), last_verified=date(2026, 1, 2))
    assert list(offer.to_record()) == [
        "id",
        "name",
        "kind",
        "description",
        "themes",
        "areas",
        "status",
        "last_verified",
    ]
    assert offer.to_record()["last_verified"] == "2026-01-02"


# Hypothesis: any valid offer survives export → import in every format.

TEXT = (
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
ITEM = TEXT.filter(lambda s: ";" not in s)
LINES = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
AREAS = ["Osdorp", "Indische Buurt", "de Bijlmer", "Amsterdam", "MF01", "Dapperbuurt", "West"]


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


OFFERS = st.builds(
    Offer,
    id=st.from_regex(r"[a-z0-9-]{2,20}", fullmatch=True),
    name=TEXT,
    description=LINES,
    themes=st.lists(ITEM, min_size=1, max_size=3).map(tuple),
    areas=st.lists(st.sampled_from(AREAS), min_size=1, max_size=3).map(tuple),
    kind=st.sampled_from(KINDS),
    target_groups=st.lists(ITEM, max_size=2).map(tuple),
    organization=_maybe(TEXT),
    address=_maybe(TEXT),
    latitude=st.none(),
    longitude=st.none(),
    languages=st.lists(st.sampled_from(sorted(ISO_639_1)), max_size=3).map(tuple),
    schedule=_maybe(LINES),
    url=_maybe(st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9]{0,8}", fullmatch=True)),
    email=_maybe(st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.nl", fullmatch=True)),
    phone=_maybe(st.from_regex(r"020 [0-9]{3} [0-9]{4}", fullmatch=True)),
    telegram=_maybe(st.from_regex(r"@[a-z][a-z0-9_]{4,12}", fullmatch=True)),
    status=st.sampled_from(STATUSES),
    last_verified=_maybe(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))),
)
LOCATED = st.tuples(
    st.floats(min_value=52.2, max_value=52.5), st.floats(min_value=4.7, max_value=5.1)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(OFFERS, max_size=4, unique_by=lambda o: o.id),
    st.lists(_maybe(LOCATED), min_size=4, max_size=4),
    st.sampled_from(["jsonl", "json", "csv"]),
)
def test_any_valid_offers_round_trip(
    gazetteer: Gazetteer,
    offers: list[Offer],
    places: list[tuple[float, float] | None],
    fmt: str,
) -> None:
    offers = [
        dataclasses.replace(o, latitude=p[0], longitude=p[1]) if p else o
        for o, p in zip(offers, places, strict=False)
    ]
    text = dumps_map(offers, fmt)
    loaded = parse_map(text, fmt, gazetteer)
    assert loaded.ok, loaded.errors
    assert list(loaded.offers) == offers
    assert dumps_map(loaded.offers, fmt) == text
