"""Small talk is not a search: greetings, thanks, "help", "?" and emoji get a reply in kind."""

from __future__ import annotations

import re
from enum import StrEnum

from bot.core.person import Person
from matching.normalise import fold


class SmallTalk(StrEnum):
    """What kind of small talk a message is."""

    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    EMOJI = "emoji"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry the kind; the others may stand beside them ("dank je wel", "hoi bot").
_GREETINGS = _words(
    """
    hallo hoi hey hee hi hello hiya hai yo moi goedemorgen goedemiddag goedenavond
    morning evening afternoon dag daag salaam salam
    """
)
_THANKS = _words(
    """
    bedankt dank dankje dankjewel dankuwel thanks thank thx tnx ty merci cheers
    ok oke okay top super fijn prima nice great perfect
    """
)
_HELP = _words("help hulp helpen")
_BESIDE = _words(
    """
    je jij u wel jullie voor alles you very so much a lot allemaal heel hartelijk
    daar there bot wijkwijzer iedereen all good goede goeie beste dear me mij nodig
    please alsjeblieft aub
    """
)
_ALL = _GREETINGS | _THANKS | _HELP | _BESIDE
# The kind a message is when it holds a word of it, strongest first.
_KINDS = ((_HELP, "help"), (_THANKS, "thanks"), (_GREETINGS, "greeting"))
# Whole questions about the bot itself are a request for help.
_ABOUT_THE_BOT = frozenset(
    {
        "wat kun je",
        "wat kan je",
        "wat kun jij",
        "wat kan jij",
        "wat kun je doen",
        "wat kan je doen",
        "wat doe je",
        "hoe werkt dit",
        "hoe werkt het",
        "hoe werkt deze bot",
        "what can you do",
        "how does this work",
        "how does it work",
        "how do i use this",
    }
)
_HAS_WORD = re.compile(r"\w")


def small_talk(text: str) -> SmallTalk | None:
    """The kind of small talk a whole message is, or None for a real question."""
    stripped = text.strip()
    if not stripped:
        return None
    if not _HAS_WORD.search(stripped):
        # only punctuation and emoji: a lone "?" asks how this works
        return SmallTalk.HELP if set(stripped) <= set("?¿ ") else SmallTalk.EMOJI
    folded = fold(stripped)
    if folded in _ABOUT_THE_BOT:
        return SmallTalk.HELP
    words = set(folded.split())
    if not words or not words <= _ALL:
        return None
    found = [SmallTalk(kind) for vocabulary, kind in _KINDS if words & vocabulary]
    return found[0] if found else None


def small_talk_reply(person: Person, kind: SmallTalk) -> str:
    """A short reply in kind, in the person's language."""
    t = person.t
    if kind is SmallTalk.GREETING:
        return t("smalltalk.greeting", name=person.first_name)
    if kind is SmallTalk.THANKS:
        return t("smalltalk.thanks")
    if kind is SmallTalk.HELP:
        return t("smalltalk.help")
    return t("smalltalk.emoji")
