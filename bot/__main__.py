"""Command line: `wijkwijzer` and its sub-commands (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from bot import heap
from bot.config import SettingsError, load_settings
from bot.loop import run_serving
from bot.socialmap import cli as mapcli


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wijkwijzer", description="Wijkwijzer: the navigation assistant for wijkzorg."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling, or a webhook if configured)")
    commands.add_parser("worker", help="run only the scheduled work and deliveries (PostgreSQL)")
    chat = commands.add_parser("chat", help="talk to the bot in this terminal, no token needed")
    chat.add_argument("--user-id", type=int, default=1, help="your Telegram user id in the chat")
    chat.add_argument("--lang", choices=("nl", "en"), help="your Telegram app's language")
    sandbox = commands.add_parser("sandbox", help="a local stand-in for the Telegram Bot API")
    sandbox.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free)")
    web = commands.add_parser("web", help="serve the public pages and the open API (/api/v1)")
    web.add_argument(
        "--port",
        type=int,
        help="port to listen on (default: WIJKWIJZER_PORT, else 8080; 0: any free port)",
    )
    mapcli.add_commands(commands)
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="create or migrate the database to the newest schema")
    return parser


def _fail(message: str) -> int:
    print(f"wijkwijzer: {message}", file=sys.stderr)  # noqa: T201 - the CLI's own error line
    return 2


def _run() -> int:
    from telegram import Update

    from bot.application import build_application

    settings = load_settings()
    settings.require_token()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL, which contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    heap.enable()
    if settings.webhook_url:
        from bot.processes import run_web

        run_serving(run_web(settings))
        return 0
    application = build_application(settings)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _worker() -> int:
    from bot.processes import run_worker

    settings = load_settings()
    settings.require_token()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    heap.enable()
    run_serving(run_worker(settings))
    return 0


def _chat(args: argparse.Namespace) -> int:
    from bot.chat import run_chat

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    asyncio.run(run_chat(settings, user_id=args.user_id, language=args.lang))
    return 0


def _sandbox(args: argparse.Namespace) -> int:
    from sandbox.server import main as serve_forever

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    serve_forever(args.port, run=run_serving)
    return 0


def _web(args: argparse.Namespace) -> int:
    from bot.site.pages import page_routes
    from bot.web.public import DEFAULT_PORT, serve_public

    settings = load_settings()
    port = args.port if args.port is not None else settings.port or DEFAULT_PORT
    if not 0 <= port < 65536:
        return _fail(f"--port must be a port number (1-65535), got {port}")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    heap.enable()  # a serving process: no full collector pass over the index mid-page
    run_serving(serve_public(settings, port, pages=page_routes))
    return 0


def _db_upgrade() -> int:
    from bot.db.migrate import upgrade_database
    from bot.db.session import Database
    from bot.socialmap.service import seed_if_empty

    settings = load_settings()

    async def upgrade() -> None:
        db = Database(settings.database_url)
        try:
            await upgrade_database(db.engine)
            # the release phase also loads the bundled map, so that web processes starting
            # side by side on a new database do not all try to
            await seed_if_empty(db, datetime.now(UTC))
        finally:
            await db.dispose()

    asyncio.run(upgrade())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `wijkwijzer` command."""
    args = _parser().parse_args(argv)
    commands: dict[str, Callable[[], int]] = {
        "run": _run,
        "worker": _worker,
        "chat": lambda: _chat(args),
        "sandbox": lambda: _sandbox(args),
        "web": lambda: _web(args),
        "db": _db_upgrade,
    }
    try:
        if args.command in mapcli.COMMANDS:
            return mapcli.run(args)
        return commands[args.command]()
    except SettingsError as err:
        return _fail(str(err))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
