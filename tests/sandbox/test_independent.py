"""The sandbox stands on its own: no module of `sandbox/` imports the bot or the matcher.

It is a stand-in for Telegram that the bot, the tests and the benchmarks use; were it to
import from `bot/`, a change to the product could change the Telegram it is tested against.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = ROOT / "sandbox"
FORBIDDEN = ("bot", "matching")


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Each module an `import` or `from … import` names, with its line (relative: skipped)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def forbidden_imports(source: str) -> list[str]:
    """Where the source imports `bot` or `matching` (or a module inside them)."""
    return [
        f"line {line}: {module}"
        for line, module in imported_modules(source)
        if module.split(".")[0] in FORBIDDEN
    ]


@pytest.mark.parametrize(
    "source",
    [
        "import bot",
        "import bot.loop",
        "from bot.ptb_adapter import TimeoutArg",
        "from bot import loop",
        "import matching.ranking as ranking",
        "from matching import normalise",
        "def f() -> None:\n    from bot.config import load_settings\n",
        "if TYPE_CHECKING:\n    from bot.chat import Chat\n",
    ],
)
def test_the_scan_catches_an_import_of_the_bot_or_the_matcher(source: str) -> None:
    assert forbidden_imports(source)


def test_the_scan_lets_the_sandboxs_own_imports_pass() -> None:
    source = (
        "import httpx\n"
        "from telegram.request import BaseRequest\n"
        "from sandbox.core import SandboxCore\n"
        "from . import api\n"
        "import botocore\n"
        "from matchingtools import x\n"
    )
    assert forbidden_imports(source) == []


def test_no_sandbox_module_imports_bot_or_matching() -> None:
    modules = sorted(SANDBOX.rglob("*.py"))
    assert len(modules) > 10, f"the sandbox's modules were not found in {SANDBOX}"
    found = {
        str(path.relative_to(ROOT)): violations
        for path in modules
        if (violations := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"the sandbox must not import bot/ or matching/: {found}"


def test_importing_every_sandbox_module_loads_neither_bot_nor_matching() -> None:
    # The same check at run time, in a fresh interpreter: also catches importlib and __import__.
    names = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in SANDBOX.rglob("*.py")
    )
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'bot', 'matching'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout
