"""The introduction's rules without Telegram: the message check and the anonymous counts."""

from __future__ import annotations

import pytest

from bot.introductions.rules import IntroFacts, count_by_area, message_problem, outcome
from bot.introductions.views import mention


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Bel me gerust op 06 1234 5678 voor overleg.", "intro.error.phone"),
        ("Ons nummer is +31 20 123 4567, bel maar even.", "intro.error.phone"),
        ("Mail naar hulp@buurtteam-oost.nl voor de details.", "intro.error.email"),
        ("Graag een maatje voor een bewoner die alleen is.", None),
        ("Kan iemand op 12-03-2026 10.00-12.00 uur langskomen?", None),
        ("Twee bewoners, 80 en 85 jaar, zoeken gezelschap.", None),
        ("kort", "intro.error.short"),
        ("a" * 401, "intro.error.long"),
    ],
)
def test_message_problem(text: str, problem: str | None) -> None:
    assert message_problem(text) == problem


def test_outcome_prefers_contact_then_not_yet() -> None:
    assert outcome("yes", "no") == "yes"
    assert outcome("no", "not_yet") == "not_yet"
    assert outcome(None, "no") == "no"
    assert outcome(None, None) is None


def test_counts_per_area_busiest_first() -> None:
    facts = [
        IntroFacts("Osdorp", "declined", None, None),
        IntroFacts("Indische Buurt", "accepted", "yes", None),
        IntroFacts("Indische Buurt", "accepted", None, "not_yet"),
        IntroFacts("Indische Buurt", "expired", None, None),
        IntroFacts(None, "accepted", None, None),
    ]
    counts = count_by_area(facts, "zonder gebied")
    assert [c.area for c in counts] == ["Indische Buurt", "Osdorp", "zonder gebied"]
    first = counts[0]
    assert (first.requested, first.accepted, first.yes, first.no, first.not_yet) == (3, 2, 1, 0, 1)
    assert (counts[2].accepted, counts[2].yes) == (1, 0)


def test_mention_escapes_the_name_and_adds_the_username() -> None:
    assert mention(5, "<Ann>", "ann_b") == '<a href="tg://user?id=5">&lt;Ann&gt;</a> (@ann_b)'
    assert mention(5, "", None) == '<a href="tg://user?id=5">5</a>'
