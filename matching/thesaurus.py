"""Themes and target groups: canonical codes, labels, and the words people use for them."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from matching.normalise import fold, tokens
from matching.stopwords import EVERYONE
from matching.vocabulary import PhraseIndex, PhraseMatch, best_cover

Kind = Literal["theme", "group"]


class Tag(NamedTuple):
    """A canonical theme or target group (a tuple, so hashing it is cheap)."""

    kind: Kind
    code: str


@dataclass(frozen=True)
class Concept:
    """A theme or target group with its labels per language and its search terms."""

    tag: Tag
    labels: Mapping[str, str] = field(default_factory=dict)
    terms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # the English label and terms (also in `terms`), to tell Dutch stems from English ones
    english: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        """Label in a language, falling back to Dutch, English, then the code."""
        return (
            self.labels.get(lang)
            or self.labels.get("nl")
            or self.labels.get("en")
            or (self.tag.code)
        )


def _concept(kind: Kind, raw: Mapping[str, Any]) -> Concept:
    labels = {str(k): str(v) for k, v in dict(raw.get("labels") or {}).items()}
    terms_by_lang = raw.get("terms") or {}
    english: list[str] = [labels["en"]] if "en" in labels else []
    if isinstance(terms_by_lang, Mapping):
        terms = [str(t) for words in terms_by_lang.values() for t in words]
        english += [str(t) for t in terms_by_lang.get("en") or ()]
    else:
        terms = [str(t) for t in terms_by_lang]
    related = tuple(str(r) for r in raw.get("related") or ())
    return Concept(Tag(kind, str(raw["code"])), labels, tuple(terms), related, tuple(english))


class Thesaurus:
    """Look up theme and target-group words in Dutch and English, forgiving typos."""

    def __init__(self, themes: Iterable[Concept], groups: Iterable[Concept]) -> None:
        self.problems: list[str] = []
        self.concepts: dict[Tag, Concept] = {}
        for concept in [*themes, *groups]:
            if concept.tag in self.concepts:
                self.problems.append(f"{concept.tag.kind} {concept.tag.code!r} appears twice")
            self.concepts[concept.tag] = concept
        entries: list[tuple[str, Tag]] = []
        for concept in self.concepts.values():
            words = [concept.tag.code, *concept.labels.values(), *concept.terms]
            entries.extend((word, concept.tag) for word in words)
        self.index: PhraseIndex[Tag] = PhraseIndex(entries, compounds=True)
        # Phrases only English has: a Dutch text's word may share their stem by chance
        # ("lossen", to solve, and "loss").
        dutch = {
            fold(word)
            for concept in self.concepts.values()
            for word in (concept.tag.code, *concept.labels.values(), *concept.terms)
            if word not in concept.english
        }
        self.english_only = (
            frozenset(fold(word) for concept in self.concepts.values() for word in concept.english)
            - dutch
        )
        self._related = self._link_related()
        # Target groups that mean everyone ("bewoners", "residents") restrict no offer.
        self.universal = frozenset(
            concept.tag
            for concept in self.concepts.values()
            if concept.tag.kind == "group"
            and any(
                fold(word) in EVERYONE
                for word in (concept.tag.code, *concept.labels.values(), *concept.terms)
            )
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thesaurus:
        """Build from the parsed thesaurus file ({"themes": [...], "target_groups": [...]})."""
        themes = [_concept("theme", raw) for raw in data.get("themes", [])]
        groups = [_concept("group", raw) for raw in data.get("target_groups", [])]
        return cls(themes, groups)

    @classmethod
    def load(cls, path: Path | str) -> Thesaurus:
        """Read a thesaurus JSON file."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def _link_related(self) -> dict[Tag, frozenset[Tag]]:
        # Related works both ways: if loneliness points at meeting people, the reverse holds.
        links: dict[Tag, set[Tag]] = {tag: set() for tag in self.concepts}
        for concept in self.concepts.values():
            for code in concept.related:
                other = self._tag_of(code, prefer=concept.tag.kind)
                if other is None:
                    self.problems.append(f"{concept.tag.code!r} relates to unknown {code!r}")
                elif other != concept.tag:
                    links[concept.tag].add(other)
                    links[other].add(concept.tag)
        return {tag: frozenset(found) for tag, found in links.items()}

    def _tag_of(self, code: str, prefer: Kind) -> Tag | None:
        for kind in (prefer, "group" if prefer == "theme" else "theme"):
            tag = Tag(kind, code)
            if tag in self.concepts:
                return tag
        return None

    def concept(self, tag: Tag) -> Concept | None:
        """The concept behind a tag."""
        return self.concepts.get(tag)

    def label(self, tag: Tag, lang: str = "nl") -> str:
        """Human label of a tag in a language."""
        concept = self.concepts.get(tag)
        return concept.label(lang) if concept else tag.code

    def related(self, tag: Tag) -> frozenset[Tag]:
        """Concepts declared related to this one (in either direction)."""
        return self._related.get(tag, frozenset())

    @property
    def words(self) -> set[str]:
        """Every word of every term."""
        return self.index.words

    def lookup(self, phrase: str, *, fuzzy: bool = True) -> frozenset[Tag]:
        """Tags for a whole word or phrase ("geldzorgen", "Nederlands leren", "lonely")."""
        match = self.index.lookup(phrase, fuzzy=fuzzy)
        return match.values if match else frozenset()

    def scan(self, words: Sequence[str], known: Collection[str] = ()) -> list[PhraseMatch[Tag]]:
        """Every theme or target-group phrase in a folded question."""
        return self.index.scan(words, known=known)

    def tags_for(self, phrases: Iterable[str]) -> tuple[frozenset[Tag], list[str]]:
        """Tags for an offer's free words, and the words that named no concept."""
        found: set[Tag] = set()
        unmatched: list[str] = []
        for phrase in phrases:
            tags = self.lookup(phrase)
            # A compound names its first part too: an "ontmoetingsplek" is about
            # "ontmoeting", "ouderenwerk" is for "ouderen".
            folded = fold(phrase)
            if " " not in folded:
                tags |= self.index.first_part(folded)
            if not tags:
                words = tokens(phrase)
                for match in best_cover(self.index.scan(words, known=self.words)):
                    tags |= match.values
            if tags:
                found |= tags
            else:
                unmatched.append(phrase)
        return frozenset(found), unmatched
