"""Build the shipped facilities from the city's raw export: `python -m content.places.build`.

Reads `source/welfare_facilities.jsonl` (the export as received) and writes
`welfare_facilities.jsonl` next to this file, deterministically:

1. corona-era temporary locations are left out;
2. letters the export lost as `?` are put back from the registers we hold (the street and
   facility names of the export itself, the area names in `content/areas/`, the starter map,
   the thesaurus and `source/spellings.txt`), or the `?` is dropped where no spelling is certain;
3. records of one place (same address and name, normalised) become one record.

`--check` writes nothing and exits 1 when the shipped file differs from a fresh build.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from content.places.cleaning import Record, is_corona_location, merge_duplicates
from content.places.lost_letters import Change, Spellings, register_words

HERE = Path(__file__).resolve().parent
CONTENT = HERE.parent
SOURCE = HERE / "source" / "welfare_facilities.jsonl"
SPELLINGS = HERE / "source" / "spellings.txt"
SHIPPED = HERE / "welfare_facilities.jsonl"

# The fields whose text may carry a lost letter.
TEXT_FIELDS = ("name", "description", "address")

# Registers of names in the repository: areas (with legacy names and aliases), the starter
# map and the thesaurus.
REGISTERS = (
    CONTENT / "areas" / "amsterdam_areas.csv",
    CONTENT / "areas" / "amsterdam_areas_legacy.csv",
    CONTENT / "areas" / "aliases.json",
    CONTENT / "areas" / "buurten_2022_wgs84.geojson",
    CONTENT / "social_map" / "starter.jsonl",
    CONTENT / "thesaurus.json",
)


@dataclass
class Report:
    """What a build did, for the person running it."""

    rows: int = 0
    shipped: int = 0
    corona: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    merged_into: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report as lines of text."""
        repaired = [c for c in self.changes if c.repaired]
        dropped = [c for c in self.changes if not c.repaired]
        return [
            f"{self.rows} source records -> {self.shipped} shipped",
            f"left out as corona-era locations: {len(self.corona)}",
            *(f"  - {name}" for name in self.corona),
            f"lost letters put back: {len(repaired)}, '?' dropped: {len(dropped)}",
            *(f"  {c.lost} -> {c.result}" for c in sorted(set(self.changes), key=str)),
            f"records merged into another of the same place: {len(self.merged_into)}",
            *(f"  {old} -> {kept}" for old, kept in sorted(self.merged_into.items())),
        ]


def spellings_from_registers(source_text: str) -> Spellings:
    """The spellings found in the repository's registers, the spellings list and the
    export itself (its street and facility names)."""
    texts = [source_text, SPELLINGS.read_text("utf-8")]
    texts.extend(path.read_text("utf-8") for path in REGISTERS if path.is_file())
    return Spellings(register_words(texts))


def parse(text: str) -> list[Record]:
    """The records of a JSON-lines text, in order."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def dumps(records: Sequence[Record]) -> str:
    """JSON lines in the export's own layout (UTF-8 letters written as they are)."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def clean(records: Sequence[Record], spellings: Spellings) -> tuple[list[Record], Report]:
    """The shipped records from the source records, with a report of what changed."""
    report = Report(rows=len(records))
    kept: list[Record] = []
    for record in records:
        if is_corona_location(record):
            report.corona.append(str(record.get("name")))
            continue
        fixed = dict(record)
        for key in TEXT_FIELDS:
            value = fixed.get(key)
            if isinstance(value, str):
                fixed[key] = spellings.repair(value)
        kept.append(fixed)
    shipped, report.merged_into = merge_duplicates(kept)
    report.changes = list(spellings.changes)
    report.shipped = len(shipped)
    return shipped, report


def build(source_text: str) -> tuple[str, Report]:
    """The text of the shipped file for this source text."""
    records, report = clean(parse(source_text), spellings_from_registers(source_text))
    return dumps(records), report


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or with --check, verify) the shipped facilities file."""
    parser = argparse.ArgumentParser(prog="python -m content.places.build", description=__doc__)
    parser.add_argument("--source", type=Path, default=SOURCE, help="the raw export (JSON lines)")
    parser.add_argument("--output", type=Path, default=SHIPPED, help="the file to write")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if stale")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    text, report = build(args.source.read_text("utf-8"))
    if args.check:
        current = args.output.read_text("utf-8") if args.output.is_file() else ""
        if current != text:
            sys.stderr.write(f"{args.output} is not what the build makes; run the build\n")
            return 1
    else:
        args.output.write_text(text, encoding="utf-8", newline="\n")
    if not args.quiet:
        sys.stdout.write("\n".join(report.lines()) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
