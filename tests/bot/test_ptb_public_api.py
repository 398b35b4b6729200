"""python-telegram-bot is used through its public API; its one private name has one home.

A PTB upgrade changes private modules (`telegram._*`) and `Application` internals without
notice. The bot therefore extends PTB only at its public extension points (an update
processor, hooks, handlers, `BaseRequest`s of its own), and the single private name it
needs lives in `bot/ptb_adapter.py`, checked here against PTB itself.

The scan covers bot/, sandbox/, tests/, benchmarks/ and migrations/: the tests run against
the same PTB, so a private import there breaks on an upgrade just as surely. It also finds
private attributes read on PTB's objects (`err._retry_after`): on names imported from
`telegram`, on names annotated or caught as one of them, and on `self` in a class built on
one, for what the class does not define itself.
"""

from __future__ import annotations

import ast
import inspect
import typing
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.error import RetryAfter
from telegram.ext import Application, BaseUpdateProcessor
from telegram.request import BaseRequest
from telegram.warnings import PTBDeprecationWarning

from bot.delivery.sender import retry_after_seconds
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


def _private(attr: str) -> bool:
    return attr.startswith("_") and not (attr.startswith("__") and attr.endswith("__"))


def _root(node: ast.expr) -> ast.expr:
    """The name an attribute chain starts from: `update` in `update.message.chat._x`."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _telegram_names(tree: ast.Module) -> set[str]:
    """The names the source binds to PTB modules and to what it imports from them."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {
                alias.asname or alias.name.split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] == "telegram"
            }
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "telegram":
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _mentions(annotation: ast.expr | None, names: set[str]) -> bool:
    """Whether a type annotation (or a caught exception type) names one of PTB's classes."""
    if annotation is None:
        return False
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id in names:
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                quoted = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                continue
            if _mentions(quoted, names):
                return True
    return False


def _typed_names(tree: ast.Module, names: set[str]) -> set[str]:
    """Parameters, variables and caught exceptions typed as one of PTB's classes."""
    typed: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and _mentions(node.annotation, names):
            typed.add(node.arg)
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and _mentions(node.annotation, names)
        ):
            typed.add(node.target.id)
        elif isinstance(node, ast.ExceptHandler) and node.name and _mentions(node.type, names):
            typed.add(node.name)
    return typed


def _own_attributes(cls: ast.ClassDef) -> set[str]:
    """What a class defines itself: methods, class attributes, slots, `self.x = ...`."""
    own: set[str] = set()
    for node in ast.walk(cls):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            own.add(node.value)  # __slots__ entries
    return own


def _private_attributes(tree: ast.Module) -> list[str]:
    """Private attributes read on PTB's objects (see the module's docstring)."""
    names = _telegram_names(tree)
    if not names:
        return []
    typed = names | _typed_names(tree, names)
    found = [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and _private(node.attr)
        and isinstance(root := _root(node.value), ast.Name)
        and root.id in typed
    ]
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef) or not any(_mentions(b, names) for b in cls.bases):
            continue
        own = _own_attributes(cls)
        found += [
            f"line {node.lineno}: {ast.unparse(node)} (inherited from PTB)"
            for node in ast.walk(cls)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and _private(node.attr)
            and node.attr not in own
        ]
    return found


def ptb_violations(source: str) -> list[str]:
    """Where the source imports a private PTB module, reads a private attribute of one of
    PTB's objects, or overrides `Application`'s methods."""
    tree = ast.parse(source)
    found: list[str] = _private_attributes(tree)
    for node in ast.walk(tree):
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
        "from telegram.error import RetryAfter\ndef f(err: RetryAfter):\n    err._retry_after",
        "from telegram import error\ntry:\n    pass\nexcept error.RetryAfter as err:\n"
        "    err._retry_after",
        "from telegram import Update\nupdate: 'Update | None' = None\nupdate.message._bot",
        "import telegram\ntelegram.Bot._request",
        "from telegram.ext import Application\napp = Application.builder()._token",
        "from telegram.request import BaseRequest\nclass Mine(BaseRequest):\n"
        "    async def initialize(self):\n        self._private_of_ptb",
    ],
)
def test_the_scan_catches_each_kind_of_private_use(source: str) -> None:
    assert ptb_violations(source)


def test_the_scan_lets_public_use_pass() -> None:
    source = (
        "from telegram.ext import Application, BaseUpdateProcessor\n"
        "from telegram.request import BaseRequest\n"
        "app: Application[Any, Any, Any, Any, Any, Any] = builder.build()\n"
        "class Mine(BaseUpdateProcessor):\n"
        "    __slots__ = ('_slot',)\n"
        "    def __init__(self) -> None:\n        self._own = 1\n        self._slot = 2\n"
        "    def _helper(self) -> int:\n        return self._own + self._slot\n"
        "    async def initialize(self) -> None:\n        self._helper()\n"
        "def f(err: RetryAfter, other: Mapping[str, int]) -> None:\n"
        "    err.retry_after, other._asdict, err.__class__\n"
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


@pytest.mark.parametrize("timedelta_env", [None, "true"])
@pytest.mark.parametrize(
    ("given", "seconds"), [(3, 3.0), (timedelta(seconds=1.5), 1.5), (timedelta(minutes=2), 120.0)]
)
def test_the_sender_reads_a_429s_wait_the_public_way_without_warnings(
    monkeypatch: pytest.MonkeyPatch, timedelta_env: str | None, given: Any, seconds: float
) -> None:
    # PTB 22 gives seconds (and warns) unless PTB_TIMEDELTA is set, then a timedelta.
    if timedelta_env is None:
        monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    else:
        monkeypatch.setenv("PTB_TIMEDELTA", timedelta_env)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)  # PTB's own, in RetryAfter()
        err = RetryAfter(given)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert retry_after_seconds(err) == seconds
