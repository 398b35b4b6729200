"""An owner's edit end to end: `wijkwijzer run` against the sandbox, back through moderation."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import ADMIN_ID, Sandbox, start_bot
from tests.e2e.test_signup_process import COR, VERA, _grows, _press, _say, _search


def _sign_up_and_approve(sandbox: Sandbox) -> None:
    _say(sandbox, COR, "/start", "Hoi Cor!")
    _say(sandbox, VERA, "/aanmelden", "Hoe heet je initiatief?")
    _say(sandbox, VERA, "Koffie op Dinsdag", "Wat doen jullie")
    description = "Elke dinsdag koffie en een praatje voor eenzame ouderen in de buurt."
    themes = _say(sandbox, VERA, description, "Over welke thema's")
    _press(sandbox, VERA, themes, "Klaar ▸", "Waar zijn jullie actief?")
    # An exact name is taken without a "Bedoel je" question.
    areas = _say(sandbox, VERA, "Dapperbuurt", "Gekozen gebieden: Dapperbuurt")
    groups = _press(sandbox, VERA, areas, "Klaar ▸", "Voor wie is het vooral?")
    _press(sandbox, VERA, groups, "Klaar ▸", "Wanneer?")
    _say(sandbox, VERA, "elke dinsdag 10-12 uur", "Hoe kunnen mensen jullie bereiken?")
    languages = _say(sandbox, VERA, "info@koffiedinsdag.nl", "Welke talen")
    consent = _press(sandbox, VERA, languages, "Klaar ▸", "Mag ik dit publiceren")
    card = _press(sandbox, VERA, consent, "✅ Ja, publiceer het", "Zo zien professionals")
    wait_note = _grows(sandbox, ADMIN_ID, "wacht op goedkeuring")
    _press(sandbox, VERA, card, "✅ Klopt, insturen", "is ingestuurd")
    note = wait_note()
    _press(sandbox, COR, note, "✅ Goedkeuren", "goedgekeurd")


def test_an_owners_name_edit_goes_back_through_moderation(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    bot = start_bot(sandbox, database_url, tmp_path, log)
    try:
        _sign_up_and_approve(sandbox)
        listing = _say(sandbox, VERA, "/mijninitiatief", "Jouw initiatieven")
        menu = _press(sandbox, VERA, listing, "📄 Koffie op Dinsdag", "📍 Dapperbuurt")
        fields = _press(sandbox, VERA, menu, "✏️ Aanpassen", "Wat wil je aanpassen")
        _press(sandbox, VERA, fields, "✏️ Naam", "Hoe heet je initiatief?")
        preview = _say(sandbox, VERA, "Koffiekamer Dapperbuurt", "Zo zien professionals")
        wait_note = _grows(sandbox, ADMIN_ID, "wacht op goedkeuring (oud → nieuw)")
        _press(sandbox, VERA, preview, "✅ Klopt, insturen", "Naar een coördinator: Naam")
        note = wait_note()
        assert "Naam: Koffie op Dinsdag → Koffiekamer Dapperbuurt" in note["text"]

        # Until a coordinator approves, the map shows the entry as it was.
        before = _search(database_url, "koffie eenzaamheid Dapperbuurt")["results"]
        assert [r["name"] for r in before if r["id"] == "koffie-op-dinsdag"] == [
            "Koffie op Dinsdag"
        ]
        wait_owner = _grows(sandbox, VERA["id"], "is goedgekeurd")
        _press(sandbox, COR, note, "✅ Goedkeuren", "goedgekeurd")
        assert "Koffiekamer Dapperbuurt" in wait_owner()["text"]
    finally:
        if bot.poll() is None:
            bot.terminate()
            bot.wait(timeout=15)
    after = _search(database_url, "koffiekamer Dapperbuurt")["results"]
    assert [r["name"] for r in after if r["id"] == "koffie-op-dinsdag"] == [
        "Koffiekamer Dapperbuurt"
    ]
    assert "Traceback" not in log.read_text()
