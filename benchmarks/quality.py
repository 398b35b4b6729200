"""How often the matcher answers labelled questions right.

Run: python -m benchmarks.quality [--map FILE] [--questions FILE] [--today YYYY-MM-DD]

Without --map/--questions it scores two sets: the labelled questions over the test map, and
questions about places (buurtteam, buurtkamer, OKT, ...) over the bundled map as a fresh
install has it (the starter map plus the municipal facilities, placed in their buurt).

Each question line is {"q": "...", "lang": "nl", "expected": ["id", ...], "kind": "typo"}.
A question with expected ids counts for top-1 (the first result is one of them) and hit@3
(one of them is in the first three); a question with "expected": [] must get no results.
The targets are printed with the scores; missing them does not change the exit code.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from matching.matcher import Matcher
from matching.offer import Offer
from matching.placement import place_offers
from matching.resources import default_gazetteer, places_path, starter_map_path
from matching.socialmap import load_map

DATA = Path(__file__).parent / "data"
TARGETS = {"top1": 0.90, "hit3": 0.97, "empty": 1.0}


@dataclass(frozen=True)
class Outcome:
    """One question and what the matcher answered."""

    question: str
    kind: str
    expected: tuple[str, ...]
    got: tuple[str, ...]

    @property
    def nonsense(self) -> bool:
        """True for a question that must get no answer."""
        return not self.expected

    @property
    def top1(self) -> bool:
        """The first answer is an expected one (or, for nonsense, there is none)."""
        return not self.got if self.nonsense else bool(self.got) and self.got[0] in self.expected

    @property
    def hit3(self) -> bool:
        """An expected answer is among the first three (or, for nonsense, there is none)."""
        return not self.got if self.nonsense else bool(set(self.got[:3]) & set(self.expected))


def evaluate(matcher: Matcher, questions: list[dict[str, object]]) -> list[Outcome]:
    """Ask every question and keep the ids of the first five answers."""
    outcomes = []
    for item in questions:
        text = str(item["q"])
        result = matcher.search(text, limit=5, lang=str(item.get("lang", "nl")))
        expected = item.get("expected") or []
        outcomes.append(
            Outcome(
                text,
                str(item.get("kind", "-")),
                tuple(str(e) for e in expected) if isinstance(expected, list) else (),
                tuple(hit.id for hit in result.results),
            )
        )
    return outcomes


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 1.0


def report(outcomes: list[Outcome]) -> str:
    """Scores overall and per kind, then every failure."""
    answerable = [o for o in outcomes if not o.nonsense]
    nonsense = [o for o in outcomes if o.nonsense]
    top1 = _share([o.top1 for o in answerable])
    hit3 = _share([o.hit3 for o in answerable])
    empty = _share([not o.got for o in nonsense])
    lines = [
        f"questions: {len(outcomes)} ({len(answerable)} answerable, {len(nonsense)} nonsense)",
        f"top-1:   {top1:.3f}  (target {TARGETS['top1']:.2f})  "
        + ("met" if top1 >= TARGETS["top1"] else "MISSED"),
        f"hit@3:   {hit3:.3f}  (target {TARGETS['hit3']:.2f})  "
        + ("met" if hit3 >= TARGETS["hit3"] else "MISSED"),
        f"nonsense empty: {empty:.3f}  (target 1.00)  "
        + ("met" if empty >= TARGETS["empty"] else "MISSED"),
        "",
        f"{'kind':<16}{'n':>5}{'top-1':>8}{'hit@3':>8}",
    ]
    kinds: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        kinds[outcome.kind].append(outcome)
    for kind, group in sorted(kinds.items()):
        t1 = _share([o.top1 for o in group])
        h3 = _share([o.hit3 for o in group])
        lines.append(f"{kind:<16}{len(group):>5}{t1:>8.3f}{h3:>8.3f}")
    failures = [o for o in outcomes if not o.top1]
    lines += ["", f"failures ({len(failures)}; top-1 missed, * = also not in the top 3):"]
    for o in failures:
        mark = "*" if not o.hit3 else " "
        want = ", ".join(o.expected) if o.expected else "(nothing)"
        got = ", ".join(o.got[:3]) if o.got else "(nothing)"
        lines.append(f" {mark} [{o.kind}] {o.question!r}\n      want {want}\n      got  {got}")
    return "\n".join(lines)


def bundled_map() -> list[Offer]:
    """The map of a fresh install: starter map and municipal facilities, placed."""
    gazetteer = default_gazetteer()
    offers: list[Offer] = []
    for path in (starter_map_path(), places_path()):
        if path is not None:
            offers.extend(load_map(path, gazetteer).offers)
    return list(place_offers(offers, gazetteer))


def _questions(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    """Load the maps and the questions, ask, and print the reports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, help="a social-map file (default: both sets)")
    parser.add_argument("--questions", type=Path, help="questions for --map")
    parser.add_argument("--today", type=date.fromisoformat, help="date for freshness")
    args = parser.parse_args(argv)
    if args.map or args.questions:
        sets = [
            (
                args.map or DATA / "quality_map.jsonl",
                args.questions or DATA / "quality_questions.jsonl",
            )
        ]
    else:
        sets = [
            (DATA / "quality_map.jsonl", DATA / "quality_questions.jsonl"),
            (None, DATA / "place_questions.jsonl"),
        ]
    for map_path, questions_path in sets:
        for path in (map_path, questions_path):
            if path is not None and not path.exists():
                print(f"missing {path}")
                return 2
        if map_path is None:
            matcher = Matcher(bundled_map(), today=args.today)
            count = len(matcher.offers)
            print(f"map: bundled starter map + municipal facilities ({count} active offers)")
        else:
            matcher = Matcher.from_file(map_path, today=args.today, skip_invalid=True)
            print(f"map: {map_path} ({len(matcher.offers)} active offers)")
        print(report(evaluate(matcher, _questions(questions_path))))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
