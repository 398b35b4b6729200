"""Sign-up end to end: `wijkwijzer run` is killed halfway, resumes, and the entry is found."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.conftest import ADMIN_ID, ROOT, Sandbox, _env, start_bot

VERA: dict[str, Any] = {"id": 1010, "first_name": "Vera", "language_code": "nl"}
COR: dict[str, Any] = {"id": ADMIN_ID, "first_name": "Cor", "language_code": "nl"}
Messages = list[dict[str, Any]]


def _grows(sandbox: Sandbox, chat_id: int, fragment: str) -> Callable[[], dict[str, Any]]:
    """Wait for a new or edited bot message containing the fragment; returns that message."""
    before = {m["message_id"]: m.get("text") for m in sandbox.messages(chat_id)}

    def changed(messages: Messages) -> list[dict[str, Any]]:
        return [
            m
            for m in messages
            if before.get(m["message_id"]) != m.get("text") and fragment in (m.get("text") or "")
        ]

    def wait() -> dict[str, Any]:
        return changed(sandbox.wait_for(chat_id, lambda messages: bool(changed(messages))))[-1]

    return wait


def _say(sandbox: Sandbox, who: dict[str, Any], text: str, expect: str) -> dict[str, Any]:
    wait = _grows(sandbox, who["id"], expect)
    sandbox.inject({"user": who, "text": text})
    return wait()


def _press(
    sandbox: Sandbox, who: dict[str, Any], message: dict[str, Any], label: str, expect: str
) -> dict[str, Any]:
    wait = _grows(sandbox, who["id"], expect)
    sandbox.inject({"user": who, "press": {"message_id": message["message_id"], "button": label}})
    return wait()


def _search(database_url: str, query: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "search", query, "--json", "--db", database_url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
        timeout=60,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_sign_up_survives_a_kill_and_is_found_after_approval(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    bot = start_bot(sandbox, database_url, tmp_path, log)
    try:
        _say(sandbox, COR, "/start", "Hoi Cor!")
        _say(sandbox, VERA, "/aanmelden", "Hoe heet je initiatief?")
        _say(sandbox, VERA, "Koffie op Dinsdag", "Wat doen jullie")
        description = "Elke dinsdag koffie en een praatje voor eenzame ouderen in de buurt."
        themes = _say(sandbox, VERA, description, "Over welke thema's")
        _press(sandbox, VERA, themes, "Klaar ▸", "Waar zijn jullie actief?")
        confirm = _say(sandbox, VERA, "Dappurbuurt", "Bedoel je: Dapperbuurt?")
        areas = _press(sandbox, VERA, confirm, "✓ Ja, klopt", "Gekozen gebieden: Dapperbuurt")
        groups = _press(sandbox, VERA, areas, "Klaar ▸", "Voor wie is het vooral?")

        bot.kill()  # a crash, not a clean shutdown
        bot.wait(timeout=15)
        bot = start_bot(sandbox, database_url, tmp_path, log)

        when = _press(sandbox, VERA, groups, "Klaar ▸", "Wanneer?")
        assert "Stap 6 van 9" in when["text"]
        _say(sandbox, VERA, "elke dinsdag 10-12 uur", "Hoe kunnen mensen jullie bereiken?")
        _say(sandbox, VERA, "info@koffie", "is geen geldig e-mailadres")
        languages = _say(sandbox, VERA, "info@koffiedinsdag.nl", "Welke talen")
        consent = _press(sandbox, VERA, languages, "Klaar ▸", "Mag ik dit publiceren")
        card = _press(sandbox, VERA, consent, "✅ Ja, publiceer het", "Zo zien professionals")
        assert "📍 Dapperbuurt" in card["text"]
        wait_note = _grows(sandbox, ADMIN_ID, "wacht op goedkeuring")
        _press(sandbox, VERA, card, "✅ Klopt, insturen", "is ingestuurd")
        note = wait_note()

        assert "koffie-op-dinsdag" not in [
            r["id"] for r in _search(database_url, "koffie eenzaamheid Dapperbuurt")["results"]
        ]
        wait_owner = _grows(sandbox, VERA["id"], "staat op de sociale kaart")
        sandbox.inject(
            {"user": COR, "press": {"message_id": note["message_id"], "button": "✅ Goedkeuren"}}
        )
        wait_owner()
        answer = _say(sandbox, COR, "koffie voor eenzame ouderen Dapperbuurt", "Koffie op Dinsdag")
        assert "1. Koffie op Dinsdag" in answer["text"]
    finally:
        if bot.poll() is None:
            bot.terminate()
            bot.wait(timeout=15)
    found = _search(database_url, "koffie eenzaamheid Dapperbuurt")
    assert found["results"][0]["id"] == "koffie-op-dinsdag"
    assert "Traceback" not in log.read_text()
