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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.baselines import Fts5Search, NaiveSearch
from matching.elsewhere import address_towns, gazetteer_for
from matching.matcher import Matcher
from matching.offer import Offer
from matching.placement import place_offers
from matching.resources import default_gazetteer, places_path, starter_map_path
from matching.socialmap import load_map
from matching.validation import RecordValidator

DATA = Path(__file__).parent / "data"
# Real offers for development, not shipped (../shared/data/real-offers/SOURCES.md).
REAL_OFFERS = Path(__file__).parents[2] / "shared/data/real-offers/amsterdam-voorziet-2017.jsonl"
# Real offers from Twente, outside the repository: no licence stated
# (/work/devdata/REGION_SOURCES.md). Without the file the region sets are skipped.
REGION_OFFERS = Path(__file__).parents[2] / "devdata/region_offers.jsonl"
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


Search = Callable[[str, str], list[str]]


def matcher_search(matcher: Matcher) -> Search:
    """The matcher as a search function: question, language → ids of the first five."""
    return lambda text, lang: [hit.id for hit in matcher.search(text, limit=5, lang=lang).results]


def evaluate(search: Matcher | Search, questions: list[dict[str, object]]) -> list[Outcome]:
    """Ask every question and keep the ids of the first five answers."""
    ask = matcher_search(search) if isinstance(search, Matcher) else search
    outcomes = []
    for item in questions:
        text = str(item["q"])
        expected = item.get("expected") or []
        outcomes.append(
            Outcome(
                text,
                str(item.get("kind", "-")),
                tuple(str(e) for e in expected) if isinstance(expected, list) else (),
                tuple(ask(text, str(item.get("lang", "nl")))[:5]),
            )
        )
    return outcomes


def scores(outcomes: list[Outcome]) -> dict[str, float]:
    """top-1, hit@3 and empty share of the answerable questions; nonsense answered empty."""
    answerable = [o for o in outcomes if not o.nonsense]
    nonsense = [o for o in outcomes if o.nonsense]
    return {
        "top1": _share([o.top1 for o in answerable]),
        "hit3": _share([o.hit3 for o in answerable]),
        "empty": _share([not o.got for o in answerable]) if answerable else 0.0,
        "nonsense": _share([not o.got for o in nonsense]),
    }


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


@dataclass(frozen=True)
class QuestionSet:
    """Labelled questions over one map (None: the bundled map of a fresh install)."""

    name: str
    map_path: Path | None
    questions: Path
    targets: dict[str, float]
    # Keep area names the Amsterdam gazetteer does not know (offers from another region).
    foreign_areas: bool = False


def question_sets(real_offers: Path, region_offers: Path = REGION_OFFERS) -> list[QuestionSet]:
    """Every set the benchmark scores, with its targets."""
    real = {"top1": 0.80, "hit3": 0.92, "empty": 1.0}
    region = DATA / "region_questions_tune.jsonl", DATA / "region_questions_heldout.jsonl"
    return [
        QuestionSet(
            "quality", DATA / "quality_map.jsonl", DATA / "quality_questions.jsonl", TARGETS
        ),
        QuestionSet("places", None, DATA / "place_questions.jsonl", TARGETS),
        QuestionSet("shipped", None, DATA / "shipped_questions.jsonl", TARGETS),
        QuestionSet("real-tune", real_offers, DATA / "real_questions_tune.jsonl", real),
        QuestionSet("real-heldout", real_offers, DATA / "real_questions_heldout.jsonl", real),
        QuestionSet("real-situations", real_offers, DATA / "real_questions_situations.jsonl", real),
        QuestionSet("region-tune", region_offers, region[0], real, foreign_areas=True),
        QuestionSet("region-heldout", region_offers, region[1], real, foreign_areas=True),
        # Written later by a second writer who had seen neither the other sets nor the
        # matcher (REAL_QUESTIONS.md, "Fresh held-out sets"): never tune on these.
        QuestionSet("real-fresh", real_offers, DATA / "real_questions_fresh.jsonl", real),
        QuestionSet(
            "region-fresh",
            region_offers,
            DATA / "region_questions_fresh.jsonl",
            real,
            foreign_areas=True,
        ),
    ]


class _ForeignAreas(RecordValidator):
    """Checks records like an import does, but keeps area names the gazetteer lacks."""

    def _area_problem(self, name: str) -> str | None:
        return None


def foreign_map(path: Path) -> list[Offer]:
    """Offers of a JSON Lines map from outside Amsterdam, keeping the area names the
    Amsterdam gazetteer lacks (an import would reject such rows).

    `matcher_for` then searches them as `wijkwijzer search --map` does: each such name is a
    place of its own (matching/elsewhere.py). A name close to an Amsterdam one is taken for
    it, as an import would: Borne resolves to the buurt Borneo.
    """
    validator = _ForeignAreas(default_gazetteer())
    offers = []
    for row, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        offer, errors = validator.validate(row, json.loads(line))
        if offer is None:
            raise ValueError("; ".join(str(e) for e in errors))
        offers.append(offer)
    return offers


def _offers(question_set: QuestionSet) -> list[Offer]:
    if question_set.map_path is None:
        return bundled_map()
    if question_set.foreign_areas:
        return foreign_map(question_set.map_path)
    return list(load_map(question_set.map_path, default_gazetteer()).offers)


def matcher_for(offers: list[Offer], today: date | None = None) -> Matcher:
    """The matcher over a set's offers; places outside Amsterdam that they name are
    places of their own, as in `wijkwijzer search --map`."""
    names = [area for o in offers for area in o.areas]
    gazetteer = gazetteer_for(names, default_gazetteer(), address_towns(offers))
    return Matcher(offers, gazetteer, today=today)


def compare(question_set: QuestionSet, today: date | None, *, details: bool) -> list[str]:
    """The matcher beside FTS5 and the naive scan on one set, as table rows."""
    offers = _offers(question_set)
    questions = _questions(question_set.questions)
    matcher = matcher_for(offers, today)
    active = [o for o in offers if o.active]
    rows = []
    for method, search in (
        ("matcher", matcher_search(matcher)),
        ("fts5", _ids(Fts5Search(active).search)),
        ("naive", _ids(NaiveSearch(active).search)),
    ):
        outcomes = evaluate(search, questions)
        if method == "matcher" and details:
            print(f"== {question_set.name}: {question_set.questions.name}")
            print(report(outcomes))
            print()
        got = scores(outcomes)
        rows.append(
            f"{question_set.name:<17}{method:<9}{len(questions):>5}{got['top1']:>8.3f}"
            f"{got['hit3']:>8.3f}{got['empty']:>8.3f}{got['nonsense']:>10.3f}"
        )
    return rows


def _ids(search: Callable[[str], list[str]]) -> Search:
    return lambda text, _lang: search(text)


def main(argv: list[str] | None = None) -> int:
    """Score every question set (or one map and question file) and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, help="a social-map file (with --questions)")
    parser.add_argument("--questions", type=Path, help="questions for --map")
    parser.add_argument("--today", type=date.fromisoformat, help="date for freshness")
    parser.add_argument("--real-offers", type=Path, default=REAL_OFFERS, help="real-offer map")
    parser.add_argument(
        "--region-offers", type=Path, default=REGION_OFFERS, help="real offers, another region"
    )
    parser.add_argument("--only", help="score only the set with this name")
    parser.add_argument("--quiet", action="store_true", help="only the comparison table")
    args = parser.parse_args(argv)
    if args.map or args.questions:
        sets = [
            QuestionSet(
                "custom",
                args.map or DATA / "quality_map.jsonl",
                args.questions or DATA / "quality_questions.jsonl",
                TARGETS,
            )
        ]
    else:
        every = question_sets(args.real_offers, args.region_offers)
        sets = [s for s in every if args.only in (None, s.name)]
    table = [
        f"{'set':<17}{'method':<9}{'n':>5}{'top-1':>8}{'hit@3':>8}{'empty':>8}{'nonsense':>10}"
    ]
    for question_set in sets:
        missing = [
            p for p in (question_set.map_path, question_set.questions) if p and not p.exists()
        ]
        if missing:
            print(f"skipping {question_set.name}: missing {', '.join(map(str, missing))}")
            continue
        table += compare(question_set, args.today, details=not args.quiet)
    print("empty = share of answerable questions with no answer; nonsense = share of")
    print("nonsense questions answered with nothing (higher is better)")
    print("\n".join(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
