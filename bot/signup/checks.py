"""Checks and suggestions for the answers of the sign-up, reusing the map format's checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from bot.signup.steps import Draft, to_record
from matching.gazetteer import Gazetteer
from matching.languages import ISO_639_1
from matching.normalise import tokens
from matching.offer import Offer
from matching.resources import default_gazetteer, default_thesaurus
from matching.thesaurus import Kind, Thesaurus
from matching.validation import MAX_LENGTH, PHONE_PATTERN, MapError, RecordValidator

# A valid record in which one field is replaced, to check that field with the format's rules.
_PLACEHOLDER = {
    "id": "xx",
    "name": "x",
    "description": "x",
    "themes": ["x"],
    "areas": ["Amsterdam"],
}
_SPLIT = re.compile(r"\s*(?:[,;\n]|\s+(?:en|and|of|or)\s+)\s*", re.IGNORECASE)
_URLISH = re.compile(r"^(https?://|www\.)|^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$", re.I)
_CITY_WIDE = {"heel amsterdam", "all of amsterdam", "whole of amsterdam", "amsterdam"}
LANGUAGE_NAMES = {
    "nederlands": "nl",
    "dutch": "nl",
    "engels": "en",
    "english": "en",
    "arabisch": "ar",
    "arabic": "ar",
    "turks": "tr",
    "turkish": "tr",
    "pools": "pl",
    "polish": "pl",
    "spaans": "es",
    "spanish": "es",
    "frans": "fr",
    "french": "fr",
    "duits": "de",
    "german": "de",
    "portugees": "pt",
    "portuguese": "pt",
    "tigrinya": "ti",
    "tigrinya's": "ti",
    "somalisch": "so",
    "somali": "so",
}


@cache
def _validator() -> RecordValidator:
    return RecordValidator(default_gazetteer())


def field_problem(name: str, value: object) -> str | None:
    """Why a value is not valid for a field of the map format (None when it is)."""
    _, errors = _validator().validate(0, {**_PLACEHOLDER, name: value})
    return next((error.reason for error in errors if error.field == name), None)


def too_long(name: str, text: str) -> int | None:
    """The field's maximum length when the text is longer than that."""
    limit = MAX_LENGTH.get(name)
    return limit if limit is not None and len(text) > limit else None


def split_items(text: str) -> list[str]:
    """Items typed in one message: 'Oost, Noord en IJburg' → three items."""
    return [item.strip(" .") for item in _SPLIT.split(text) if item.strip(" .")]


@dataclass
class AreaAnswer:
    """What a typed list of areas resolved to."""

    exact: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    unknown: list[tuple[str, list[str]]] = field(default_factory=list)


def resolve_areas(text: str, gazetteer: Gazetteer | None = None) -> AreaAnswer:
    """Area names for what was typed: names typed exactly that mean one area (`exact`, no
    question needed), names found with a typo forgiven (`found`, to confirm), and suggestions
    for unknown ones."""
    places = gazetteer or default_gazetteer()
    answer = AreaAnswer()
    for item in split_items(text):
        if item.casefold() in _CITY_WIDE:
            if "Amsterdam" not in answer.exact:
                answer.exact.append("Amsterdam")
            continue
        exact = places.index.lookup(item, fuzzy=False)
        if exact is not None and len(exact.values) == 1:
            name = next(iter(exact.values)).name
            if name not in answer.exact:
                answer.exact.append(name)
            continue
        place = places.resolve(item)
        if place is None:
            answer.unknown.append((item, places.suggest(item, limit=3)))
        elif place.name not in answer.found:
            answer.found.append(place.name)
    return answer


def suggest_tags(text: str, kind: Kind, thesaurus: Thesaurus | None = None) -> list[str]:
    """Codes of the themes or target groups a description mentions, in order of mention."""
    words = thesaurus or default_thesaurus()
    codes: list[str] = []
    for match in words.scan(tokens(text), known=words.words):
        for tag in sorted(match.values):
            if tag.kind == kind and tag.code not in codes:
                codes.append(tag.code)
    return codes


def typed_tags(
    text: str, kind: Kind, thesaurus: Thesaurus | None = None
) -> tuple[list[str], list[str]]:
    """Codes of the themes or target groups typed words stand for ("taalles" → taal,
    "hulp bij schulden" → schulden), and the items that name none of them."""
    words = thesaurus or default_thesaurus()
    found: list[str] = []
    unknown: list[str] = []
    for item in split_items(text):
        codes = [tag.code for tag in sorted(words.lookup(item)) if tag.kind == kind]
        codes = codes[:1] or suggest_tags(item, kind, words)
        if not codes:
            unknown.append(item)
        found += [code for code in codes if code not in found]
    return found, unknown


def typed_languages(text: str) -> tuple[list[str], list[str]]:
    """ISO codes for typed languages ('nl, Arabisch'), and what was not understood."""
    codes: list[str] = []
    unknown: list[str] = []
    for item in split_items(text):
        key = item.casefold()
        code = key if key in ISO_639_1 else LANGUAGE_NAMES.get(key)
        if code is None:
            unknown.append(item)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


@dataclass
class ContactAnswer:
    """The contact details found in one message, and what was wrong with them."""

    values: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    phone: str | None = None


def _classify(item: str) -> str | None:
    if item.startswith("@"):
        return "telegram"
    if "@" in item:
        return "email"
    if _URLISH.search(item):
        return "url"
    return None


def parse_contact(text: str) -> ContactAnswer:
    """Website, e-mail and @name from a message; a phone number is set apart for a question."""
    answer = ContactAnswer()
    rest: list[str] = []
    for item in re.split(r"[\s,;]+", text.strip()):
        kind = _classify(item.strip(".()"))
        if kind is None:
            rest.append(item)
            continue
        value = item.strip(".()")
        if kind == "url" and not value.lower().startswith("http"):
            value = "https://" + value
        problem = field_problem(kind, value)
        if problem:
            answer.problems.append((kind, item))
        else:
            answer.values[kind] = value
    digits = " ".join(rest)
    number = PHONE_PATTERN.search(digits)
    if number and sum(c.isdigit() for c in number.group()) >= 5:
        phone = number.group()
        if field_problem("phone", phone):
            answer.problems.append(("phone", phone))
        else:
            answer.phone = phone
    return answer


def offer_from(draft: Draft, offer_id: str, today: date) -> tuple[Offer | None, list[MapError]]:
    """The entry a draft describes, checked as a whole by the map format's validator."""
    offer, errors = _validator().validate(0, to_record(draft, offer_id))
    return (replace(offer, last_verified=today) if offer else None), errors
