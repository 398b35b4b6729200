"""Speed of the matcher against a naive fuzzy scan, on generated 10k and 100k-offer maps.

Run: python -m benchmarks.matching [--sizes 10000 100000] [--questions 300] [--naive 20]

Each size runs in its own process so that its peak memory is its own. A map is generated
from the gazetteer and thesaurus with a seeded RNG, written as JSON Lines, then loaded,
validated and indexed (that is "load+index"), and asked the same kind of questions as the
bot gets. The naive baseline is `rapidfuzz.process.extract(query, all_texts,
scorer=token_set_ratio, processor=utils.default_process)` (the strongest one-liner) over one
text per offer (name, description, themes and areas); SQLite FTS5 (BM25, see
benchmarks/baselines.py) is timed on the same map and questions.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from benchmarks.baselines import Fts5Search
from matching.gazetteer import Gazetteer
from matching.matcher import Matcher
from matching.resources import default_gazetteer, default_thesaurus, thesaurus_path
from matching.socialmap import dump_map, load_map
from matching.thesaurus import Concept, Thesaurus

SEED = 20261123
FALLBACK_THESAURUS = Path(__file__).parents[1] / "tests" / "matching" / "data" / "thesaurus.json"
TARGETS = {"speedup": 20.0, "ms_per_question": 20.0, "load_index_s": 15.0, "peak_mb": 600.0}

SYLLABLES = [a + b for a in "bdfghklmnprstvwz" for b in "aeiou"]
KINDS_OF_PLACE = [
    "Buurtkamer",
    "Huiskamer",
    "Inloop",
    "Spreekuur",
    "Stichting",
    "Werkgroep",
    "Maatjes",
    "Café",
    "Punt",
    "Netwerk",
]
FILLER_TEXT = (
    "samen met vrijwilligers uit de buurt elke week gratis zonder afspraak voor bewoners "
    "met koffie en thee in een gezellige sfeer bij het buurthuis op dinsdag en donderdag "
    "wij helpen graag verder en verwijzen door naar de juiste plek"
)
FILLER = FILLER_TEXT.split()
NONSENSE = ["xqzv", "weerbericht morgen", "hoe laat is het", "asdf qwerty", "what time is it"]


def _load_thesaurus() -> Thesaurus:
    if thesaurus_path() is not None:
        return default_thesaurus()
    return Thesaurus.load(FALLBACK_THESAURUS)


def _typo(rng: random.Random, word: str) -> str:
    """Swap two letters in the middle of a long word, as fast typists do."""
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@dataclass
class MapMaker:
    """Realistic random offers from the real area names and theme words."""

    gazetteer: Gazetteer
    thesaurus: Thesaurus
    rng: random.Random

    def __post_init__(self) -> None:
        self.areas = {
            level: [a for a in self.gazetteer.areas if a.level == level]
            for level in ("stadsdeel", "gebied", "wijk", "buurt")
        }
        concepts = list(self.thesaurus.concepts.values())
        self.themes = [c for c in concepts if c.tag.kind == "theme"]
        self.groups = [c for c in concepts if c.tag.kind == "group"]

    def _word(self, concept: Concept, lang: str = "nl") -> str:
        words = [concept.label(lang), *concept.terms]
        return self.rng.choice(words)

    def _area(self) -> tuple[str, float, float]:
        level = self.rng.choices(
            ["city", "stadsdeel", "gebied", "wijk", "buurt"], [3, 15, 20, 30, 32]
        )[0]
        if level == "city":
            return "Amsterdam", 52.37, 4.90
        area = self.rng.choice(self.areas[level])
        name = area.code if self.rng.random() < 0.1 else area.name
        return name, area.lat or 52.37, area.lon or 4.90

    def offer(self, number: int) -> dict[str, Any]:
        rng = self.rng
        themes = rng.sample(self.themes, rng.choice([1, 1, 2, 2, 3]))
        groups = rng.sample(self.groups, rng.choice([0, 0, 1, 1, 2]))
        area, lat, lon = self._area()
        area_name = self.gazetteer.resolve(area)
        shown = area_name.name if area_name else area
        if rng.random() < 0.3:
            proper = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 3])))
            name = f"De {proper.capitalize()}"
        else:
            name = f"{rng.choice(KINDS_OF_PLACE)} {self._word(themes[0]).title()} {shown}"
        words = [self._word(t) for t in themes]
        for_whom = f" voor {self._word(groups[0])}" if groups else ""
        description = (
            f"{name} helpt bij {', '.join(words)}{for_whom} in {shown}. "
            + " ".join(rng.sample(FILLER, 14)).capitalize()
            + "."
        )
        record: dict[str, Any] = {
            "id": f"aanbod-{number:06d}",
            "name": name[:120],
            "description": description[:600],
            "themes": [rng.choice([t.tag.code, self._word(t)]) for t in themes],
            "areas": [area],
            "last_verified": f"{rng.choice([2024, 2025, 2026])}-{rng.randint(1, 12):02d}-15",
        }
        if groups:
            record["target_groups"] = [g.tag.code for g in groups]
        if rng.random() < 0.4:
            record["latitude"] = round(lat + rng.uniform(-0.003, 0.003), 6)
            record["longitude"] = round(lon + rng.uniform(-0.005, 0.005), 6)
        if rng.random() < 0.05:
            record["status"] = "inactive"
        return record

    def question(self, offers: list[dict[str, Any]]) -> str:
        rng = self.rng
        kind = rng.choices(
            ["theme+area", "typo", "english", "name", "theme", "nonsense"], [35, 20, 15, 10, 10, 10]
        )[0]
        if kind == "nonsense":
            return rng.choice(NONSENSE)
        offer = rng.choice(offers)
        if kind == "name":
            return str(offer["name"])
        tags = self.thesaurus.lookup(str(rng.choice(offer["themes"])))
        concept = self.thesaurus.concept(min(tags)) if tags else None
        concept = concept or rng.choice(self.themes)
        place = self.gazetteer.resolve(str(offer["areas"][0]))
        where = place.name if place else "Amsterdam"
        if kind == "theme":
            return self._word(concept)
        if kind == "english":
            return f"help with {concept.label('en')} in {where}"
        word = self._word(concept)
        if kind == "typo":
            return f"{_typo(rng, word)} {_typo(rng, where)}"
        return f"wie doet iets aan {word} in {where}?"


def _naive_text(record: dict[str, Any]) -> str:
    parts = [record["name"], record["description"], *record["themes"], *record["areas"]]
    return " ".join(str(p) for p in parts)


def run_size(size: int, questions: int, naive_questions: int) -> dict[str, float]:
    """Generate, load, index and query one map size; returns the measurements."""
    gazetteer, thesaurus = default_gazetteer(), _load_thesaurus()
    maker = MapMaker(gazetteer, thesaurus, random.Random(SEED + size))
    records = [maker.offer(n) for n in range(size)]
    asked = [maker.question(records) for _ in range(questions)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        del records
        started = time.perf_counter()
        loaded = load_map(path, gazetteer)
        matcher = Matcher(loaded.offers, gazetteer, thesaurus)
        load_index = time.perf_counter() - started
        if loaded.errors:
            raise SystemExit(f"generated map has errors: {loaded.errors[:3]}")
        dump_map(loaded.offers[:1], Path(folder) / "check.jsonl")
    texts = [_naive_text(o.to_record()) for o in matcher.offers]
    matcher.search("warm-up eenzaamheid osdorp")
    timings = []
    for question in asked:
        started = time.perf_counter()
        matcher.search(question, limit=5)
        timings.append(time.perf_counter() - started)
    naive = []
    for question in asked[:naive_questions]:
        started = time.perf_counter()
        process.extract(
            question,
            texts,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=None,
            limit=5,
        )
        naive.append(time.perf_counter() - started)
    # the matcher's peak, before the FTS5 index for the comparison below is built
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fts = Fts5Search(matcher.offers)
    fts_times = []
    for question in asked:
        started = time.perf_counter()
        fts.search(question, limit=5)
        fts_times.append(time.perf_counter() - started)
    return {
        "size": size,
        "ms_per_question": 1000 * statistics.fmean(timings),
        "p95_ms": 1000 * statistics.quantiles(timings, n=20)[-1],
        "naive_ms_per_question": 1000 * statistics.fmean(naive),
        "fts5_ms_per_question": 1000 * statistics.fmean(fts_times),
        "speedup": statistics.fmean(naive) / statistics.fmean(timings),
        "load_index_s": load_index,
        "peak_mb": peak_mb,
    }


def _row(label: str, values: list[str]) -> str:
    return f"{label:<28}" + "".join(f"{v:>16}" for v in values)


def report(results: list[dict[str, float]]) -> str:
    """The measurements side by side, one column per map size."""
    lines = [
        _row("offers", [f"{int(r['size']):,}" for r in results]),
        _row("matcher ms/question (mean)", [f"{r['ms_per_question']:.2f}" for r in results]),
        _row("matcher ms/question (p95)", [f"{r['p95_ms']:.2f}" for r in results]),
        _row("naive token_set ms/question", [f"{r['naive_ms_per_question']:.1f}" for r in results]),
        _row("SQLite FTS5 ms/question", [f"{r['fts5_ms_per_question']:.2f}" for r in results]),
        _row("speed-up (naive/matcher)", [f"{r['speedup']:.0f}x" for r in results]),
        _row("load+index s", [f"{r['load_index_s']:.2f}" for r in results]),
        _row("peak memory MB (RSS)", [f"{r['peak_mb']:.0f}" for r in results]),
    ]
    largest = max(results, key=lambda r: r["size"])
    verdicts = [
        ("speed-up", largest["speedup"] >= TARGETS["speedup"], f">= {TARGETS['speedup']:.0f}x"),
        ("ms/question", largest["ms_per_question"] <= TARGETS["ms_per_question"], "<= 20 ms"),
        ("load+index", largest["load_index_s"] <= TARGETS["load_index_s"], "<= 15 s"),
        ("peak memory", largest["peak_mb"] <= TARGETS["peak_mb"], "<= 600 MB"),
    ]
    lines.append("")
    lines.append(f"targets at {int(largest['size']):,} offers:")
    lines.extend(f"  {'met ' if ok else 'MISSED'} {name} {goal}" for name, ok, goal in verdicts)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every size in a child process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--naive", type=int, default=20, help="questions for the naive scan")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one, args.questions, args.naive)))
        return 0
    if thesaurus_path() is None:
        print(f"note: content/thesaurus.json missing; using {FALLBACK_THESAURUS}")
    results = []
    for size in args.sizes:
        command = [sys.executable, "-m", "benchmarks.matching", "--one", str(size)]
        command += ["--questions", str(args.questions), "--naive", str(args.naive)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"... {size:,} offers done", file=sys.stderr)
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
