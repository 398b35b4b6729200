"""Best-first ordering of offer groups, split one sort key at a time and only as needed.

Candidates arrive as a bucket of (levels, offers) pairs: offers that meet the question's
criteria at the same levels. Each sort key either splits the offer sets (area relation,
freshness, ...) or groups the pairs by a property of their levels (relevance, main theme).
Keys are applied in order of importance, and a part is split further only while the best
`wanted` offers are not yet settled, so a common theme on a big map costs a handful of set
intersections instead of a sort of every candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

Levels = tuple[str, ...]
Bucket = list[tuple[Levels, set[int]]]


@dataclass(frozen=True)
class BySets:
    """Split offers by the first of these sets they belong to (best first), else `default`."""

    name: str
    options: Sequence[tuple[Hashable, set[int]]]
    default: Hashable

    def split(self, bucket: Bucket) -> list[tuple[Hashable, Bucket]]:
        """The bucket's parts, best first."""
        parts: dict[Hashable, Bucket] = {}
        for levels, members in bucket:
            rest = members
            for label, offers in self.options:
                if not rest:
                    break
                part = rest & offers
                if part:
                    parts.setdefault(label, []).append((levels, part))
                    rest = rest - part
            if rest:
                parts.setdefault(self.default, []).append((levels, rest))
        order = [label for label, _offers in self.options] + [self.default]
        return [(label, parts[label]) for label in dict.fromkeys(order) if label in parts]


@dataclass(frozen=True)
class ByLevels:
    """Group (levels, offers) pairs by a value of their levels; higher values first."""

    name: str
    value: Callable[[Levels], float]

    def split(self, bucket: Bucket) -> list[tuple[Hashable, Bucket]]:
        """The bucket's parts, best first."""
        parts: dict[float, Bucket] = {}
        for levels, members in bucket:
            parts.setdefault(self.value(levels), []).append((levels, members))
        return [(value, parts[value]) for value in sorted(parts, reverse=True)]


Key = BySets | ByLevels


@dataclass(frozen=True)
class Group:
    """Offers that tie on every sort key, with the label each key gave them."""

    levels: Levels
    members: set[int]
    labels: dict[str, Hashable]


def best_groups(bucket: Bucket, keys: Sequence[Key], wanted: int) -> list[Group]:
    """Groups in final order, as far as needed to hold the best `wanted` offers."""
    if not keys:
        return [Group(levels, members, {}) for levels, members in bucket]
    key, rest = keys[0], keys[1:]
    found: list[Group] = []
    count = 0
    for label, part in key.split(bucket):
        if count >= wanted:
            break
        for group in best_groups(part, rest, wanted - count):
            found.append(Group(group.levels, group.members, {key.name: label, **group.labels}))
        count += sum(len(members) for _levels, members in part)
    return found
