"""python-telegram-bot is used through its public API; its one private name has one home.

A PTB upgrade changes private modules (`telegram._*`) and `Application` internals without
notice. The bot therefore extends PTB only at its public extension points (an update
processor, hooks, handlers, `BaseRequest`s of its own), and the single private name it
needs lives in `bot/ptb_adapter.py`, checked here against PTB itself.

The scan covers bot/, sandbox/, tests/, benchmarks/ and migrations/: the tests run against
the same PTB, so a private import there breaks on an upgrade just as surely.
"""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

import pytest
from telegram.ext import Application, BaseUpdateProcessor
from telegram.request import BaseRequest

from bot.ptb_adapter import TimeoutArg
from bot.web.redelivery import RetryingUpdateProcessor
from tests.harness import BotHarness

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("bot", "sandbox", "tests", "benchmarks", "migrations")
ADAPTER = Path("bot/ptb_adapter.py")


def _private_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "telegram" and any(part.startswith("_") for part in parts[1:])


def _names_application(node: ast.expr) -> bool:
    target = node.value if isinstance(node, ast.Subscript) else node  # Application[...]
    if isinstance(target, ast.Name):
        return target.id == "Application"
    return isinstance(target, ast.Attribute) and target.attr == "Application"


def ptb_violations(source: str) -> list[str]:
    """Where the source imports a private PTB module or overrides `Application`'s methods."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and _private_module(node.module):
            found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if _private_module(alias.name)
            ]
        elif isinstance(node, ast.ClassDef) and any(map(_names_application, node.bases)):
            found.append(f"line {node.lineno}: class {node.name} subclasses Application")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [
                f"line {node.lineno}: assigns Application.{target.attr}"
                for target in targets
                if isinstance(target, ast.Attribute) and _names_application(target.value)
            ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "application_class"
        ):
            found.append(f"line {node.lineno}: ApplicationBuilder.application_class(...)")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "from telegram._utils.types import ODVInput",
        "from telegram.ext._application import Application",
        "import telegram._bot",
        "class Mine(Application):\n    pass",
        "class Mine(telegram.ext.Application[Any, Any, Any, Any, Any, Any]):\n    pass",
        "Application.process_update = patched",
        "builder.application_class(Mine)",
    ],
)
def test_the_scan_catches_each_kind_of_private_use(source: str) -> None:
    assert ptb_violations(source)


def test_the_scan_lets_public_use_pass() -> None:
    source = (
        "from telegram.ext import Application, BaseUpdateProcessor\n"
        "from telegram.request import BaseRequest\n"
        "app: Application[Any, Any, Any, Any, Any, Any] = builder.build()\n"
        "class Mine(BaseUpdateProcessor):\n    pass\n"
    )
    assert ptb_violations(source) == []


def test_only_the_adapter_touches_ptb_internals() -> None:
    found = {
        str(path.relative_to(ROOT)): violations
        for folder in SCANNED
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.relative_to(ROOT) != ADAPTER
        and (violations := ptb_violations(path.read_text(encoding="utf-8")))
    }
    assert found == {}, (
        "python-telegram-bot internals used outside bot/ptb_adapter.py; use a public "
        f"extension point, or add the one private name to the adapter: {found}"
    )


def test_the_adapters_timeout_type_is_the_one_base_request_declares() -> None:
    declared = typing.get_type_hints(BaseRequest.do_request)
    for name in ("read_timeout", "write_timeout", "connect_timeout", "pool_timeout"):
        assert declared[name] == TimeoutArg, (
            f"PTB changed the type of BaseRequest.do_request's {name} to {declared[name]}; "
            "update TimeoutArg in bot/ptb_adapter.py to match"
        )
        default = inspect.signature(BaseRequest.do_request).parameters[name].default
        assert default is BaseRequest.DEFAULT_NONE, (
            f"PTB no longer marks an unset {name} with BaseRequest.DEFAULT_NONE; the bot's "
            "requests (bot/web/redelivery.py, sandbox/request.py) test for it"
        )


def test_the_bot_hands_fetched_updates_to_its_retrying_processor(harness: BotHarness) -> None:
    application = harness.application
    assert type(application) is Application  # PTB's own, not a subclass
    assert isinstance(application.update_processor, RetryingUpdateProcessor)
    assert application.update_processor.max_concurrent_updates == 1  # in order, one by one


async def test_a_processor_not_attached_to_an_application_says_so() -> None:
    processor = RetryingUpdateProcessor()
    assert isinstance(processor, BaseUpdateProcessor)

    async def handling() -> None:
        raise AssertionError("not to be run without an application")

    coroutine = handling()
    with pytest.raises(RuntimeError, match="attach"):
        await processor.do_process_update(object(), coroutine)
    coroutine.close()
