"""End-to-end fixtures: the sandbox and the bot each run as their own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.processes import stop

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "777000:e2e-token"
ADMIN_ID = 9001
# Log files of the processes a test started, shown (their last lines) when it fails.
PROCESS_LOGS = pytest.StashKey[list[Path]]()
TAIL_LINES = 60


def tail(text: str, lines: int = TAIL_LINES) -> str:
    """The last lines of a log."""
    return "\n".join(text.splitlines()[-lines:])


def show_on_failure(request: pytest.FixtureRequest, log: Path) -> Path:
    """Add a process's log file to what the test's failure report shows."""
    request.node.stash.setdefault(PROCESS_LOGS, []).append(log)
    return log


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed:
        for log in item.stash.get(PROCESS_LOGS, []):
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            if text:
                report.sections.append((f"{log.name}, last {TAIL_LINES} lines", tail(text)))
    return report


def logged_process(
    request: pytest.FixtureRequest,
    log: Path,
    command: str,
    env: dict[str, str],
    cwd: Path,
) -> subprocess.Popen[str]:
    """`python -m bot COMMAND` with stdout and stderr appended to `log` (a pipe nobody
    reads would block a chatty process once full), shown when the test fails."""
    show_on_failure(request, log)
    with log.open("a") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", command],
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
            env=env,
        )


def assert_no_traceback(log: Path) -> None:
    """A process's log shows no traceback (the failure message shows the first one)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    if "Traceback" in text:
        first = text[text.index("Traceback") :]
        raise AssertionError(f"{log.name} has a traceback:\n" + "\n".join(first.splitlines()[:80]))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKWIJZER_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def bot_env(sandbox: Sandbox | str, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bot process (run, worker) on this sandbox and database."""
    url = sandbox.url if isinstance(sandbox, Sandbox) else sandbox
    return _env(
        WIJKWIJZER_TELEGRAM_TOKEN=TOKEN,
        WIJKWIJZER_TELEGRAM_BASE_URL=f"{url}/bot",
        WIJKWIJZER_DATABASE_URL=database_url,
        WIJKWIJZER_ADMIN_IDS=str(ADMIN_ID),
        **extra,
    )


class Sandbox:
    """The control API of a running `wijkwijzer sandbox`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=10)

    def inject(self, payload: dict[str, Any]) -> int:
        """Queue an update from a user."""
        response = self.http.post("/_sandbox/updates", json=payload)
        response.raise_for_status()
        return int(response.json()["update_id"])

    def messages(self, chat_id: int, after: int = 0) -> list[dict[str, Any]]:
        """The bot's messages in a chat."""
        response = self.http.get("/_sandbox/messages", params={"chat_id": chat_id, "after": after})
        response.raise_for_status()
        return list(response.json())

    def wait_for(
        self,
        chat_id: int,
        condition: Callable[[list[dict[str, Any]]], bool],
        timeout: float = 60.0,
    ) -> list[dict[str, Any]]:
        """Poll until the chat's messages satisfy the condition (the bot is another process;
        on a busy machine its start-up alone can take half a minute)."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.messages(chat_id)
            if condition(messages):
                return messages
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; chat {chat_id} has {messages}")
            time.sleep(0.05)

    def get(self, path: str, **params: Any) -> Any:
        """GET any control route and return its JSON."""
        response = self.http.get(path, params=params)
        response.raise_for_status()
        return response.json()


@pytest.fixture
def sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    """`wijkwijzer sandbox --port 0` in its own process (its log in sandbox.log: a pipe
    nobody reads would block a chatty process once full)."""
    log = show_on_failure(request, tmp_path / "sandbox.log")
    with log.open("a") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "sandbox", "--port", "0"],
            stdout=subprocess.PIPE,  # the READY line, and nothing after it
            stderr=stderr,
            text=True,
            env=_env(),
        )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("READY http://127.0.0.1:"):
        stop(process)
        raise AssertionError(line + tail(log.read_text(encoding="utf-8", errors="replace")))
    box = Sandbox(line.split(" ", 1)[1])
    yield box
    box.http.close()
    stop(process)


def start_bot(
    sandbox: Sandbox, database_url: str, workdir: Path, log: Path
) -> subprocess.Popen[str]:
    """`wijkwijzer run` against the sandbox, its log appended to a file (survives restarts)."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdout=subprocess.DEVNULL,
        stderr=log.open("a"),
        text=True,
        cwd=workdir,
        env=bot_env(sandbox, database_url),
    )


@pytest.fixture
def bot_process(
    request: pytest.FixtureRequest, sandbox: Sandbox, database_url: str, tmp_path: Path
) -> Iterator[str]:
    """`wijkwijzer run` against the sandbox, on this test's database; what it writes goes to
    bot.log."""
    log = tmp_path / "bot.log"
    process = logged_process(request, log, "run", bot_env(sandbox, database_url), tmp_path)
    yield database_url
    stop(process)
    assert_no_traceback(log)


def start_web(
    sandbox: Sandbox,
    database_url: str,
    workdir: Path,
    port: int,
    webhook_url: str,
    **extra: str,
) -> subprocess.Popen[str]:
    """`wijkwijzer run` in webhook mode on `port`, Telegram posting to `webhook_url` (itself,
    or a balancer in front); its log goes to web-PORT.log in `workdir`."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdout=subprocess.DEVNULL,
        stderr=(workdir / f"web-{port}.log").open("a"),
        text=True,
        cwd=workdir,
        env=bot_env(
            sandbox,
            database_url,
            WIJKWIJZER_WEBHOOK_URL=webhook_url,
            WIJKWIJZER_PORT=str(port),
            **extra,
        ),
    )


def db_upgrade(database_url: str, workdir: Path) -> None:
    """`wijkwijzer db upgrade`, the release phase before web processes start side by side."""
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        check=True,
        capture_output=True,
        cwd=workdir,
        env=_env(WIJKWIJZER_DATABASE_URL=database_url),
        timeout=120,
    )
