"""`wijkwijzer chat` in-process: long lines, piped scripts and the files the bot sends."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from bot.chat import run_chat, split_text
from bot.config import Settings
from tests.clock import FakeClock

USER_ID = 1


async def _chat(
    database_url: str, clock: FakeClock, lines: list[str], files_dir: Path | None = None
) -> str:
    out = io.StringIO()
    settings = Settings(database_url=database_url, admin_ids=frozenset({USER_ID}))
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    await run_chat(
        settings, user_id=USER_ID, stdin=stdin, out=out, clock=clock, files_dir=files_dir
    )
    return out.getvalue()


def test_split_text_cuts_at_spaces_within_the_limit() -> None:
    text = "woord " * 1500
    parts = split_text(text)
    assert len(parts) == 3
    assert all(len(part) <= 4096 for part in parts)
    assert " ".join(parts).split() == text.split()
    assert split_text("x" * 5000) == ["x" * 4096, "x" * 904]
    assert split_text("kort") == ["kort"]


async def test_a_line_over_4096_characters_goes_as_several_messages(
    seeded_database_url: str, clock: FakeClock
) -> None:
    long_line = "eenzaamheid " * 400
    out = await _chat(seeded_database_url, clock, ["/start", "1", long_line, "/help"])
    assert "Traceback" not in out
    assert "SandboxError" not in out
    # Two messages went in, and each got an answer; the chat went on after it.
    after = out.split("Jij: eenzaamheid", 1)[1]
    assert after.count("Wijkwijzer:") >= 3
    assert "Jouw rol: professional" in after


async def test_a_hundred_piped_lines_all_get_an_answer(
    seeded_database_url: str, clock: FakeClock
) -> None:
    out = await _chat(seeded_database_url, clock, ["/start", "1", *["/help"] * 100])
    assert out.count("Jouw rol: professional") == 100
    assert "rustig aan" not in out


async def test_flood_control_stays_on_outside_the_local_chat() -> None:
    assert Settings().flood_control is True


async def test_a_file_the_bot_sends_is_saved_and_its_path_printed(
    seeded_database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    lines = [
        "/start",
        "1",
        "/bijeenkomst Wijktafel Test | Dapperbuurt | 2026-12-20 19:30 | 90 | Buurthuis",
        "/agenda Dapperbuurt",
        "1",
    ]
    out = await _chat(seeded_database_url, clock, lines, files_dir=tmp_path / "files")
    [line] = [line for line in out.splitlines() if "📎 bestand bewaard:" in line]
    path = Path(line.split("bewaard:", 1)[1].strip())
    assert path.parent == tmp_path / "files"
    assert path.suffix == ".ics"
    content = await asyncio.to_thread(path.read_text, encoding="utf-8")
    assert "BEGIN:VCALENDAR" in content
    assert "Wijktafel Test" in content
