"""Social-map commands: `wijkwijzer import-map | export-map | search` (see interfaces.md).

The parser is built for every `wijkwijzer` command, so this module imports only light
modules at the top; the database, matcher and catalogue code is imported when a command
of this module actually runs (the CLI's convention, so `wijkwijzer run` starts fast).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import (
    PREFIX,
    SUPPORTED_LANGUAGES,
    SettingsError,
    load_settings,
    settings_from_mapping,
)

if TYPE_CHECKING:
    from bot.db.session import Database
    from bot.i18n import Translator
    from bot.socialmap.repository import ImportReport
    from matching.gazetteer import Gazetteer
    from matching.matcher import Matcher
    from matching.offer import Offer
    from matching.results import SearchResult
    from matching.socialmap import MapError, MapLoad

COMMANDS = ("import-map", "export-map", "search")
MAP_SOURCE = "map"  # the `source` of offers imported from a file
MUNICIPAL_SOURCE = "municipal"  # the city's facilities: a new file replaces the old one
SOURCES = (MAP_SOURCE, MUNICIPAL_SOURCE)
DEFAULT_LIMIT = 5
DB_HELP = "database URL (overrides WIJKWIJZER_DATABASE_URL)"
FILE_HELP = "social-map file: .jsonl, .json or .csv (the suffix chooses the format)"


class CliError(Exception):
    """A problem the user can fix; its message is shown as one line on standard error."""


# --- the parser ---------------------------------------------------------------------------


def _database_url_arg(raw: str) -> str:
    """`--db URL`, normalised and checked exactly as WIJKWIJZER_DATABASE_URL is."""
    try:
        return settings_from_mapping({PREFIX + "DATABASE_URL": raw}).database_url
    except SettingsError as err:
        message = str(err).replace(PREFIX + "DATABASE_URL", "the database URL", 1)
        raise argparse.ArgumentTypeError(message) from err


def _positive_int(raw: str) -> int:
    """`--limit N`: a whole number of at least 1."""
    value = int(raw) if raw.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {raw!r}")
    return value


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("import-map", help="validate and import a social-map file")
    parser.add_argument("file", type=Path, metavar="FILE", help=FILE_HELP)
    parser.add_argument("--db", type=_database_url_arg, metavar="URL", help=DB_HELP)
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="validate and report what would change; write nothing",
    )
    parser.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows and skip invalid ones"
    )
    parser.add_argument(
        "--source",
        choices=SOURCES,
        default=MAP_SOURCE,
        help="'municipal': the file replaces the city's facilities (removed ones disappear)",
    )


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("export-map", help="write the social map to a file")
    parser.add_argument(
        "file", type=Path, metavar="FILE", help=FILE_HELP + "; with --format hsds a folder"
    )
    parser.add_argument("--db", type=_database_url_arg, metavar="URL", help=DB_HELP)
    parser.add_argument(
        "--format",
        choices=("hsds",),
        help="hsds: Open Referral HSDS 3.0 JSON files (organizations, services, ...) in FILE",
    )


def _add_search(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("search", help="answer a question as the bot would")
    parser.add_argument("query", nargs="*", metavar="QUERY", help="the question (not with --batch)")
    parser.add_argument(
        "--batch", action="store_true", help="one question per line from standard input (--json)"
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--map", type=Path, metavar="FILE", help="search this file; no database")
    source.add_argument("--db", type=_database_url_arg, metavar="URL", help=DB_HELP)
    parser.add_argument(
        "--limit", type=_positive_int, default=DEFAULT_LIMIT, metavar="N", help="at most N results"
    )
    parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES, help="language of the answer")
    parser.add_argument("--json", action="store_true", help="one JSON object per question")
    parser.set_defaults(usage_error=parser.error)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add import-map, export-map and search to the `wijkwijzer` parser."""
    _add_import(commands)
    _add_export(commands)
    _add_search(commands)


def run(args: argparse.Namespace) -> int:
    """Run one of this module's commands; the exit status."""
    # Logs go to standard error and stay quiet, so standard output is clean (JSON) output.
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "import-map": import_map,
        "export-map": export_map,
        "search": search,
    }
    try:
        return handlers[args.command](args)
    except CliError as err:
        _err(f"wijkwijzer: {err}")
        return 1


# --- output -------------------------------------------------------------------------------


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _report_errors(errors: Sequence[MapError]) -> None:
    """Every error of a file, one per line: row, field, value and reason."""
    for error in errors:
        _err(str(error))


# --- files and the database ---------------------------------------------------------------


def _check_format(path: Path) -> str:
    """The file's format by its suffix, or a CliError naming the suffixes we know."""
    from matching.socialmap import format_of  # noqa: PLC0415 - see the module docstring

    try:
        return format_of(path)
    except ValueError as err:
        raise CliError(f"{path}: {err}") from err


def _read_map(path: Path, gazetteer: Gazetteer | None = None) -> MapLoad:
    """Read and validate a social-map file (every row; errors are collected, not raised)."""
    from dataclasses import replace  # noqa: PLC0415

    from bot.socialmap.mapfile import read_map  # noqa: PLC0415
    from matching.placement import place_offers  # noqa: PLC0415
    from matching.resources import default_gazetteer  # noqa: PLC0415

    _check_format(path)
    gazetteer = gazetteer or default_gazetteer()
    try:
        loaded = read_map(path, gazetteer)
    except OSError as err:
        raise CliError(f"cannot read {path}: {err.strerror or err}") from err
    # Coordinates with only a stadsdeel are placed in their buurt; lost letters put back.
    return replace(loaded, offers=place_offers(loaded.offers, gazetteer))


def _database_url(override: str | None) -> str:
    """`--db URL` when given, else the configured database."""
    return override if override is not None else load_settings().database_url


@asynccontextmanager
async def _database(url: str) -> AsyncIterator[Database]:
    """The database at `url`, created and migrated to the newest schema on first use."""
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    from bot.db.migrate import upgrade_database  # noqa: PLC0415
    from bot.db.session import Database  # noqa: PLC0415

    db = Database(url)
    try:
        await upgrade_database(db.engine)
        yield db
    except (SQLAlchemyError, OSError) as err:
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise CliError(f"cannot use the database: {first_line}") from err
    finally:
        await db.dispose()


async def _upsert(
    db: Database, offers: Iterable[Offer], *, dry_run: bool, source: str = MAP_SOURCE
) -> ImportReport:
    """Upsert offers by id; a dry run counts the same changes and then rolls them back.

    A municipal file replaces the municipal entries as a whole: what it no longer lists goes.
    """
    from bot.clock import system_clock  # noqa: PLC0415
    from bot.socialmap.repository import OfferRepository  # noqa: PLC0415
    from bot.socialmap.service import seed_if_empty  # noqa: PLC0415

    replace_source = source == MUNICIPAL_SOURCE
    if replace_source:
        # Seed first, so the bundled facilities are not seeded again over the newer file.
        await seed_if_empty(db, system_clock())
    if not dry_run:
        async with db.transaction() as session:
            return await OfferRepository(session).upsert(
                offers, source, system_clock(), replace_source=replace_source
            )
    async with db.sessions() as session:
        try:
            return await OfferRepository(session).upsert(
                offers, source, system_clock(), replace_source=replace_source
            )
        finally:
            await session.rollback()


async def _seeded_offers(url: str) -> list[Offer]:
    """Every offer in the database, after loading the starter map into an empty one."""
    from bot.clock import system_clock  # noqa: PLC0415
    from bot.socialmap.repository import OfferRepository  # noqa: PLC0415
    from bot.socialmap.service import seed_if_empty  # noqa: PLC0415

    async with _database(url) as db:
        await seed_if_empty(db, system_clock())
        async with db.transaction() as session:
            return await OfferRepository(session).all()


# --- import-map and export-map ------------------------------------------------------------


def _import_summary(path: Path, report: ImportReport, skipped: int | None, dry_run: bool) -> str:
    counts = f"{report.added} added, {report.changed} changed, {report.unchanged} unchanged"
    if report.removed:
        counts += f", {report.removed} removed"
    if skipped is not None:
        counts += f", {_counted(skipped, 'invalid row')} skipped"
    if dry_run:
        return f"dry run, nothing written: importing {path} would give {counts}"
    return f"imported {path}: {counts}"


def import_map(args: argparse.Namespace) -> int:
    """`wijkwijzer import-map FILE [--db URL] [--dry-run] [--skip-invalid] [--source S]`."""
    loaded = _read_map(args.file)
    if loaded.errors:
        _report_errors(loaded.errors)
        if not args.skip_invalid:
            raise CliError(
                f"{_counted(len(loaded.errors), 'error')} in {args.file}; nothing was imported "
                "(fix them, or import the valid rows with --skip-invalid)"
            )

    async def write() -> ImportReport:
        async with _database(_database_url(args.db)) as db:
            return await _upsert(db, loaded.offers, dry_run=args.dry_run, source=args.source)

    report = asyncio.run(write())
    skipped = loaded.rows - len(loaded.offers) if args.skip_invalid else None
    _out(_import_summary(args.file, report, skipped, args.dry_run))
    return 0


def _export_hsds(directory: Path, offers: Sequence[Offer]) -> None:
    from bot.web.hsds import write_hsds  # noqa: PLC0415

    try:
        export = write_hsds(offers, directory)
    except OSError as err:
        raise CliError(f"cannot write {directory}: {err.strerror or err}") from err
    counts = ", ".join(f"{count} {name}" for name, count in export.counts().items())
    _out(f"exported {_counted(len(offers), 'offer')} as HSDS 3.0 to {directory}: {counts}")


def export_map(args: argparse.Namespace) -> int:
    """`wijkwijzer export-map FILE [--db URL]`, or `export-map DIR --format hsds`."""
    from matching.socialmap import dump_map  # noqa: PLC0415

    if args.format == "hsds":
        if args.file.exists() and not args.file.is_dir():
            raise CliError(f"{args.file} is a file; --format hsds writes a folder")
        _export_hsds(args.file, asyncio.run(_seeded_offers(_database_url(args.db))))
        return 0
    _check_format(args.file)
    offers = asyncio.run(_seeded_offers(_database_url(args.db)))
    try:
        dump_map(offers, args.file)
    except OSError as err:
        raise CliError(f"cannot write {args.file}: {err.strerror or err}") from err
    _out(f"exported {_counted(len(offers), 'offer')} to {args.file}")
    return 0


# --- search -------------------------------------------------------------------------------


def _check_search_args(args: argparse.Namespace) -> None:
    """What argparse cannot say by itself (exits with a usage error)."""
    if args.batch and not args.json:
        args.usage_error("--batch writes JSON lines only: add --json")
    if args.batch and args.query:
        args.usage_error("with --batch the questions come from standard input, not QUERY")
    if not args.batch and not " ".join(args.query).strip():
        args.usage_error("give a QUERY, or --batch --json to read questions from standard input")


def _file_matcher(path: Path) -> Matcher:
    """A matcher over a social-map file in memory; no database is touched."""
    from matching.elsewhere import address_towns, gazetteer_for  # noqa: PLC0415
    from matching.matcher import Matcher  # noqa: PLC0415
    from matching.resources import default_gazetteer, default_thesaurus  # noqa: PLC0415
    from matching.validation import is_unknown_area  # noqa: PLC0415

    gazetteer = default_gazetteer()
    loaded = _read_map(path, gazetteer)
    if loaded.errors and all(is_unknown_area(error) for error in loaded.errors):
        # A map from outside Amsterdam: its towns are searched as places of their own
        # (an import into the bot still refuses them), and so are the towns its addresses
        # name inside them.
        names = [error.value for error in loaded.errors]
        names += [area for offer in loaded.offers for area in offer.areas]
        loaded = _read_map(path, gazetteer_for(names, gazetteer))
        gazetteer = gazetteer_for(names, gazetteer, address_towns(loaded.offers))
        places = [area.name for area in gazetteer.areas if gazetteer.is_elsewhere(area.code)]
        shown = ", ".join(places[:5]) + (", …" if len(places) > 5 else "")
        counted = _counted(len(places), "area")
        _err(f"wijkwijzer: {counted} outside Amsterdam ({shown}): places of their own")
    if loaded.errors:
        _report_errors(loaded.errors)
        raise CliError(f"{_counted(len(loaded.errors), 'error')} in {path}; fix them first")
    return Matcher(loaded.offers, gazetteer, default_thesaurus())


async def _database_matcher(url: str) -> Matcher:
    """A matcher over the database's map (seeded with the starter map when empty)."""
    from bot.clock import system_clock  # noqa: PLC0415
    from bot.socialmap.service import MapService, seed_if_empty  # noqa: PLC0415

    async with _database(url) as db:
        await seed_if_empty(db, system_clock())
        return await MapService(db).matcher()


def _matcher(args: argparse.Namespace) -> Matcher:
    if args.map is not None:
        return _file_matcher(args.map)
    return asyncio.run(_database_matcher(_database_url(args.db)))


def _language(chosen: str | None) -> str:
    """`--lang`, else the configured default language."""
    return chosen or load_settings().default_language


def _translator(language: str) -> Translator:
    from bot.i18n import Catalogues  # noqa: PLC0415

    settings = load_settings()
    return Catalogues(settings.timezone, settings.default_language).translator(language)


def _say(t: Translator, key: str, **values: object) -> str:
    """A catalogue message for the terminal: placeholders filled in without HTML escaping."""
    # The translator escapes values for Telegram's HTML mode; a terminal shows text as is.
    return t(key).format(**values)


def _score(score: float, language: str) -> str:
    from babel.numbers import format_decimal  # noqa: PLC0415

    return str(format_decimal(score, format="0.#", locale=language))


def _print_text(result: SearchResult, t: Translator) -> None:
    """A short human-readable answer, in the chosen language."""
    if not result.results:
        _out(_say(t, "cli.search.none", query=result.query))
        return
    for rank, hit in enumerate(result.results, start=1):
        area = t(f"cli.area.{hit.area_match}")
        score = _score(hit.score, t.language)
        _out(_say(t, "cli.search.result", rank=rank, name=hit.name, score=score, area=area))
        if hit.reasons:
            _out("   " + _say(t, "cli.search.reasons", reasons="; ".join(hit.reasons)))


def _print_json(result: SearchResult) -> None:
    _out(json.dumps(result.to_json(), ensure_ascii=False))


def _search_batch(matcher: Matcher, limit: int, language: str) -> None:
    """One JSON line per non-blank input line, in order, flushed as soon as it is ready."""
    for line in iter(sys.stdin.readline, ""):
        question = line.strip()
        if question:
            _print_json(matcher.search(question, limit=limit, lang=language))


def search(args: argparse.Namespace) -> int:
    """`wijkwijzer search QUERY | --batch [--map FILE | --db URL] [--limit N] [--lang] [--json]`."""
    _check_search_args(args)
    matcher = _matcher(args)
    language = _language(args.lang)
    if args.batch:
        _search_batch(matcher, args.limit, language)
        return 0
    result = matcher.search(" ".join(args.query).strip(), limit=args.limit, lang=language)
    if args.json:
        _print_json(result)
    else:
        _print_text(result, _translator(language))
    return 0
