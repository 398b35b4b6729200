"""Matchers over small hand-made maps, read with the bundled thesaurus and linguistics."""

from __future__ import annotations

from collections.abc import Iterable

from matching.gazetteer import Gazetteer
from matching.matcher import Matcher
from matching.offer import Offer
from matching.resources import default_gazetteer, default_thesaurus

from .conftest import TODAY


def bundled_matcher(offers: Iterable[Offer], gazetteer: Gazetteer | None = None) -> Matcher:
    """A matcher over these offers with the shipped thesaurus, lexicon and word forms."""
    return Matcher(list(offers), gazetteer or default_gazetteer(), default_thesaurus(), today=TODAY)


def place(
    offer_id: str,
    name: str,
    themes: Iterable[str],
    area: str,
    *,
    address: str | None = None,
    description: str | None = None,
) -> Offer:
    """A municipal facility as the shipped places file writes them."""
    return Offer(
        offer_id,
        name,
        description or f"{name} in stadsdeel {area}.",
        tuple(themes),
        (area,),
        kind="place",
        address=address,
    )


def ids(matcher: Matcher, question: str, limit: int = 10) -> list[str]:
    """The ids of the answer, best first."""
    return [hit.id for hit in matcher.search(question, limit=limit).results]
