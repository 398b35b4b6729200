"""Speed and weight of the public pages (bot/site) on the bundled map, as a fresh install
serves them.

Run: python -m benchmarks.web [--rounds 2] [--offers 100]

Server time. Search pages (the question texts of shipped_questions.jsonl and
quality_questions.jsonl, each in its own language, once without and once with an area
filter, and page 2 wherever page 1 links to one), offer pages (the first ones those answers
link to), area pages (every stadsdeel, the city, and a seeded sample of gebieden, wijken and
buurten) and the agenda, asked one at a time as a browser asks (gzip accepted) and timed
two ways:
- in-process, through the ASGI app with httpx's ASGITransport: the app's own time;
- over a socket against `wijkwijzer web` started in an empty folder: what a visitor waits
  for, less the network.
Both start from an empty database, migrated and loaded with the bundled map as on a fresh
install (a first search page writes its demand row, as it does there), and get one
unmeasured pass over some of each page type first.

Page weight. The HTML of the search page for "eenzaamheid indische buurt", the offer page of
its first answer, the Indische Buurt area page and the heaviest area page timed above, with
every stylesheet and script they link (map tiles and other hosts' files not counted),
fetched from the process: raw, and as transferred with gzip.

Limits (issue 18): every kind of search page p95 <= 50 ms, both ways; HTML + CSS + JS as
transferred <= 150 KB for each page weighed. Exit 1 when one is broken.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

import httpx

from benchmarks import processes
from bot import heap
from bot.config import Settings
from bot.site.pages import page_routes
from bot.web.public import prepared_public_app
from matching.resources import default_gazetteer
from sandbox.processes import free_port, stop, wait_healthy

DATA = Path(__file__).parent / "data"
QUESTION_FILES = ("shipped_questions.jsonl", "quality_questions.jsonl")
SEED = 20261203
SEARCH_P95_MS = 50.0
WEIGHT_KB = 150.0
WEIGHED_QUESTION = "eenzaamheid indische buurt"
WEIGHED_AREA = "Indische Buurt"
BROWSER = {"Accept-Encoding": "gzip, deflate", "Accept-Language": "nl,en;q=0.5"}
KINDS = ("search", "search + area", "search page 2", "offer", "area", "agenda")
SEARCH_KINDS = KINDS[:3]
AGENDA_VISITS = 20


def questions() -> list[tuple[str, str]]:
    """(text, language) of every benchmark question, each once, in file order."""
    found: dict[str, str] = {}
    for name in QUESTION_FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.setdefault(record["q"], record.get("lang", "nl"))
    return list(found.items())


def area_names(rng: random.Random, per_level: int = 12) -> list[str]:
    """Every stadsdeel, the city and a sample of the smaller areas, by the names people type."""
    areas = default_gazetteer().areas
    names = ["Amsterdam", *sorted(a.name for a in areas if a.level == "stadsdeel")]
    for level in ("gebied", "wijk", "buurt"):
        names += rng.sample(sorted(a.name for a in areas if a.level == level), per_level)
    # "Lutkemeer/Ookmeer" cannot be one path segment of /buurt/<name>; typed with a space
    # it finds the same area
    return [name.replace("/", " ") for name in names]


class _Links(HTMLParser):
    """A page's offer links, its "next" link, and the stylesheets and scripts it loads."""

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[str] = []
        self.next: str | None = None
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        href, rel = found.get("href") or "", (found.get("rel") or "").split()
        if tag == "a" and "/aanbod/" in href:
            self.offers.append(href)
        if tag == "a" and "next" in rel:
            self.next = href
        if tag == "link" and href and ({"stylesheet", "modulepreload"} & set(rel)):
            self.assets.append(href)
        if tag == "script" and found.get("src"):
            self.assets.append(found["src"] or "")


def links(html: str) -> _Links:
    """The links of one page."""
    parser = _Links()
    parser.feed(html)
    return parser


@dataclass
class Timings:
    """Server times per kind of page, and the largest area page seen."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    offers: list[str] = field(default_factory=list)
    heaviest_area: tuple[int, str] = (0, "")


class Visitor:
    """Asks one page at a time, as a browser does, and times each answer."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.timings = Timings()

    async def get(self, kind: str, path: str) -> httpx.Response:
        started = time.perf_counter()
        response = await self.http.get(path, headers=BROWSER)
        elapsed = 1000 * (time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        self.timings.ms[kind].append(elapsed)
        return response

    async def search(self, kind: str, text: str, language: str, area: str = "") -> None:
        """Page 1 of a question, and page 2 when page 1 links to it."""
        prefix = "/en" if language == "en" else ""
        query = {"q": text, "area": area} if area else {"q": text}
        first = links((await self.get(kind, f"{prefix}/?{urlencode(query)}")).text)
        known = set(self.timings.offers)
        self.timings.offers += [o for o in dict.fromkeys(first.offers) if o not in known]
        if first.next:
            await self.get("search page 2", first.next)

    async def area(self, name: str) -> None:
        size = len((await self.get("area", f"/buurt/{quote(name)}")).content)
        if size > self.timings.heaviest_area[0]:
            self.timings.heaviest_area = (size, name)


@dataclass(frozen=True)
class Plan:
    """What one pass asks: questions with their area filter, areas, how many offers."""

    asked: list[tuple[str, str, str]]  # text, language, area filter
    areas: list[str]
    offers: int


async def visit(visitor: Visitor, plan: Plan, rounds: int) -> None:
    """Every kind of page of the plan, `rounds` times over."""
    for _ in range(rounds):
        for text, language, area in plan.asked:
            await visitor.search("search", text, language)
            await visitor.search("search + area", text, language, area)
        for path in visitor.timings.offers[: plan.offers]:
            await visitor.get("offer", path)
        for name in plan.areas:
            await visitor.area(name)
        for _ in range(AGENDA_VISITS):
            await visitor.get("agenda", "/agenda")


async def measure(http: httpx.AsyncClient, rounds: int, offers: int) -> Timings:
    """An unmeasured pass over some of each kind of page, then the timed rounds."""
    rng = random.Random(SEED)
    areas = area_names(rng)
    asked = [(text, lang, rng.choice(areas[1:])) for text, lang in questions()]
    await visit(Visitor(http), Plan(asked[:20], areas[:5], 5), 1)
    timed = Visitor(http)
    await visit(timed, Plan(asked, areas, offers), rounds)
    return timed.timings


@contextlib.asynccontextmanager
async def in_process(folder: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A client on `wijkwijzer web`'s app in this process, over a fresh database."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder / 'wijkwijzer.db'}")
    heap.enable()  # as `wijkwijzer web` does
    async with prepared_public_app(settings, page_routes) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://web.local") as http:
            yield http


@contextlib.contextmanager
def web_process(folder: Path) -> Iterator[str]:
    """`wijkwijzer web` started in an empty folder; its base URL once it is healthy."""
    port = free_port()
    process = processes.start(
        ["web", "--port", str(port)], processes.environment(), folder / "web.log"
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, timeout=180)
        yield base
    finally:
        stop(process)


@dataclass(frozen=True)
class Weight:
    """The bytes a browser loads for one page before map tiles: HTML, CSS and JS."""

    page: str
    files: int
    raw: int
    transferred: int


async def weigh(http: httpx.AsyncClient, label: str, path: str) -> Weight:
    """The page and every same-site stylesheet and script it links, raw and gzipped."""
    page = await http.get(path, headers=BROWSER)
    here = urlsplit(str(page.url)).netloc
    assets = [urljoin(str(page.url), a) for a in dict.fromkeys(links(page.text).assets)]
    urls = [str(page.url), *(a for a in assets if urlsplit(a).netloc == here)]
    raw = transferred = 0
    for url in urls:
        zipped = await http.get(url, headers=BROWSER)
        plain = await http.get(url, headers={**BROWSER, "Accept-Encoding": "identity"})
        if zipped.status_code != 200 or plain.status_code != 200:
            raise SystemExit(f"{url}: {zipped.status_code}")
        transferred += zipped.num_bytes_downloaded
        raw += plain.num_bytes_downloaded
    return Weight(label, len(urls), raw, transferred)


async def weights(http: httpx.AsyncClient, heaviest_area: str) -> list[Weight]:
    """The weighed pages: a search, its first offer, an area and the heaviest area."""
    search = f"/?{urlencode({'q': WEIGHED_QUESTION})}"
    first = links((await http.get(search)).text).offers[0]
    found = [
        await weigh(http, f"search {WEIGHED_QUESTION!r}", search),
        await weigh(http, f"offer {first.rsplit('/', 1)[-1]}", first),
        await weigh(http, f"area {WEIGHED_AREA}", f"/buurt/{quote(WEIGHED_AREA)}"),
    ]
    if heaviest_area and heaviest_area != WEIGHED_AREA:
        found.append(await weigh(http, f"area {heaviest_area}", f"/buurt/{quote(heaviest_area)}"))
    return found


def p95(values: list[float]) -> float:
    """The 95th percentile (the largest value of fewer than two)."""
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else max(values)


def time_table(title: str, timings: Timings) -> list[str]:
    """p50/p95/max per kind of page."""
    lines = [f"{title:<30}{'pages':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"]
    for kind in KINDS:
        ms = timings.ms.get(kind)
        if ms:
            lines.append(
                f"  {kind:<28}{len(ms):>7}{statistics.median(ms):>9.1f}"
                f"{p95(ms):>9.1f}{max(ms):>9.1f}"
            )
    return lines


def weight_table(found: list[Weight]) -> list[str]:
    """Raw and transferred kilobytes per weighed page."""
    lines = [f"{'HTML + CSS + JS':<44}{'files':>6}{'raw KB':>9}{'gzip KB':>9}"]
    lines += [
        f"  {w.page:<42}{w.files:>6}{w.raw / 1000:>9.1f}{w.transferred / 1000:>9.1f}" for w in found
    ]
    return lines


def verdicts(ways: dict[str, Timings], found: list[Weight]) -> list[tuple[bool, str]]:
    """Each limit with whether it was met."""
    checks = []
    for way, timings in ways.items():
        for kind in SEARCH_KINDS:
            worst = p95(timings.ms[kind])
            ok = worst <= SEARCH_P95_MS
            checks.append((ok, f"{kind} p95 {worst:.1f} ms <= {SEARCH_P95_MS:.0f} ms ({way})"))
    for weight in found:
        kb = weight.transferred / 1000
        checks.append((kb <= WEIGHT_KB, f"{weight.page} {kb:.1f} KB <= {WEIGHT_KB:.0f} KB"))
    return checks


async def run(rounds: int, offers: int) -> int:
    """Both ways of timing, the weights, the table; 1 when a limit is broken."""
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "in-process", Path(folder) / "process"
        first.mkdir()
        second.mkdir()
        async with in_process(first) as http:
            inside = await measure(http, rounds, offers)
        print("... in-process done", file=sys.stderr)
        with web_process(second) as base:
            async with httpx.AsyncClient(base_url=base, timeout=30) as http:
                outside = await measure(http, rounds, offers)
                found = await weights(http, outside.heaviest_area[1])
    ways = {"in-process": inside, "socket": outside}
    lines = time_table("in-process (ASGI app)", inside)
    lines += ["", *time_table("over a socket (wijkwijzer web)", outside), ""]
    lines += [*weight_table(found), "", "limits:"]
    checks = verdicts(ways, found)
    lines += [f"  {'met   ' if ok else 'MISSED'} {text}" for ok, text in checks]
    print("\n".join(lines))
    return 0 if all(ok for ok, _ in checks) else 1


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 1 when a limit is broken."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over every page")
    parser.add_argument("--offers", type=int, default=100, help="offer pages per pass")
    args = parser.parse_args(argv)
    return asyncio.run(run(max(1, args.rounds), max(1, args.offers)))


if __name__ == "__main__":
    raise SystemExit(main())
