"""Words of a question that name a theme or group but say nothing about what is asked.

Someone describing a situation says who they are ("ik ben wijkverpleegkundige", "as a
volunteer I visit…"), who the person is to them ("haar man", "my mum") and where things
happen ("zit de hele dag thuis", "in huis"). Those words name themes and groups in the
thesaurus (zorg, vrijwilligers, mannen, ouders, wonen), yet the question is not about them:
"haar man weet zich geen raad" asks nothing for men, "my mum who has MS" nothing for parents.
"""

from __future__ import annotations

from collections.abc import Sequence

from matching.thesaurus import Tag
from matching.vocabulary import PhraseMatch

# Words that introduce who is asking: "ik ben (een) …", "als …", "I'm a …", "as a …".
ROLE_INTRODUCERS: tuple[tuple[str, ...], ...] = (
    ("ik", "ben"),
    ("ik", "ben", "een"),
    ("ik", "werk", "als"),
    ("als",),
    ("im", "a"),
    ("im", "an"),
    ("i", "am", "a"),
    ("i", "am", "an"),
    ("i", "work", "as", "a"),
    ("i", "work", "as", "an"),
    ("as", "a"),
    ("as", "an"),
)
VOLUNTEERS = Tag("group", "vrijwilligers")
# Themes and groups a professional or volunteer asking for someone else names by saying
# who they are; a group someone belongs to ("ik ben mantelzorger") stays what is asked.
ROLES = frozenset(
    {
        Tag("theme", "zorg"),
        Tag("theme", "ondersteuning"),
        Tag("theme", "gezondheid"),
        Tag("theme", "jongeren"),
        VOLUNTEERS,
    }
)
# Possessives: after them a word for a relative names a person, not a target group.
POSSESSIVES = frozenset(
    {"mijn", "haar", "zijn", "onze", "hun", "jouw", "my", "her", "his", "our", "their", "your"}
)
RELATIVES = frozenset({Tag("group", "mannen"), Tag("group", "vrouwen"), Tag("group", "ouders")})
CHILDREN = frozenset({Tag("group", "kinderen"), Tag("theme", "kinderen")})
# Saying where someone lives: "ik woon in Oldenzaal", "we live in Gaasperdam".
RESIDING = frozenset({"woon", "woont", "wonen", "wonend", "live", "lives", "living"})
# Where something happens, not what is asked: "zit de hele dag thuis", "in huis".
PLACE_WORDS = frozenset({"huis", "home", "house", "thuis", *RESIDING})
PLACE_TAGS = frozenset({Tag("theme", "wonen")})
# How a professional speaks of the person they ask for: no need of theirs.
CLIENT_WORDS = frozenset({"client", "clients", "clienten", "cliente", "patient", "patienten"})
# One neighbour is a person ("mijn buurvrouw", "buurman van 85"); neighbours (buren) may be
# what is asked ("burenhulp").
NEIGHBOUR = frozenset({"buurman", "buurvrouw", "neighbour", "neighbor", "buurjongen", "buurmeisje"})
# Relatives after a possessive are a person: "zijn moeder weet niet meer", "my gran".
KIN = frozenset(
    {
        "moeder",
        "vader",
        "ouders",
        "oma",
        "opa",
        "zus",
        "zusje",
        "broer",
        "broertje",
        "zoon",
        "dochter",
        "man",
        "vrouw",
        "partner",
        "tante",
        "oom",
        "neef",
        "nicht",
        "vriend",
        "vriendin",
        "mum",
        "mom",
        "mother",
        "dad",
        "father",
        "parents",
        "gran",
        "grandma",
        "grandmother",
        "grandpa",
        "grandfather",
        "sister",
        "brother",
        "son",
        "daughter",
        "husband",
        "wife",
        "aunt",
        "uncle",
        "friend",
    }
)
# Words that name the person a question is for, wherever they stand.
PERSONS = CLIENT_WORDS | NEIGHBOUR
# "Alleen"/"alone" names loneliness after these words; otherwise it mostly means "only".
ALONE_WORDS = frozenset({"alleen", "alone"})
BEING_ALONE = frozenset(
    {
        "zit",
        "zitten",
        "zat",
        "voelt",
        "voel",
        "voelen",
        "me",
        "zich",
        "is",
        "ben",
        "zijn",
        "woont",
        "woon",
        "wonen",
        "dag",
        "vaak",
        "veel",
        "erg",
        "sits",
        "feels",
        "feel",
        "lives",
        "live",
        "am",
        "all",
        "himself",
        "herself",
        "myself",
        "left",
        "so",
        "very",
    }
)
# A question of at least this many words describes a situation.
SITUATION_WORDS = 8


def incidental(words: Sequence[str], hits: Sequence[PhraseMatch[Tag]]) -> set[int]:
    """Positions in `hits` of the concept mentions that say nothing about what is asked."""
    return {
        n
        for n, hit in enumerate(hits)
        if _role(words, hit)
        or _relative(words, hit)
        or _where(words, hit)
        or _only(words, hit)
        or _living_elsewhere(words, hit)
    }


def _only(words: Sequence[str], hit: PhraseMatch[Tag]) -> bool:
    """ "Alleen" that means only, in a situation: "heeft alleen AOW", "durft niet alleen te
    lopen"; not "zit de hele dag alleen", "voelt zich alleen", "woont alleen"."""
    if len(words) < SITUATION_WORDS or hit.text not in ALONE_WORDS:
        return False
    return hit.start == 0 or words[hit.start - 1] not in BEING_ALONE


def _role(words: Sequence[str], hit: PhraseMatch[Tag]) -> bool:
    """Who is asking: "I'm a district nurse", "ik ben maatschappelijk werker"."""
    if not hit.values <= ROLES:
        return False
    before = tuple(words[: hit.start])
    introduced = [p for p in ROLE_INTRODUCERS if before[-len(p) :] == p]
    if hit.values == {VOLUNTEERS}:
        # "ik wil als vrijwilliger aan de slag" asks for volunteering
        introduced = [p for p in introduced if p != ("als",)]
    return bool(introduced)


def _relative(words: Sequence[str], hit: PhraseMatch[Tag]) -> bool:
    """Who someone is to the asker: "haar man", "my mother"."""
    return hit.values <= RELATIVES and hit.start > 0 and words[hit.start - 1] in POSSESSIVES


def _living_elsewhere(words: Sequence[str], hit: PhraseMatch[Tag]) -> bool:
    """Relatives told of by where they live: "haar kinderen wonen ver weg", "his kids all
    live abroad" name no children to help."""
    if not hit.values <= CHILDREN or hit.start == 0 or words[hit.start - 1] not in POSSESSIVES:
        return False
    after = [w for w in words[hit.end : hit.end + 2] if w not in ("all", "allemaal", "alle")]
    return bool(after) and after[0] in RESIDING


def _where(words: Sequence[str], hit: PhraseMatch[Tag]) -> bool:
    """Where a situation happens: "zit de hele dag thuis", "geen eten in huis"."""
    return len(words) >= SITUATION_WORDS and hit.values <= PLACE_TAGS and hit.text in PLACE_WORDS


def who_or_where(words: Sequence[str]) -> set[int]:
    """Positions of words that only say who or where: "woon" in "ik woon in …", "cliënt",
    "buurvrouw", "mijn moeder"."""
    found = {i for i, word in enumerate(words) if word in PERSONS}
    found |= {
        i for i, word in enumerate(words[:-1]) if word in RESIDING and words[i + 1] in ("in", "op")
    }
    found |= {
        i
        for i, word in enumerate(words[1:], start=1)
        if word in KIN and words[i - 1] in POSSESSIVES
    }
    return found
