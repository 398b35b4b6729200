"""Bidi controls and zero-width characters: stripped from what people type in the bot,
refused with row/field/reason by `import-map`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.db.models import Meeting, SignupDraft
from bot.visible import invisible_in, visible
from tests.bot.test_mapcli import KOFFIE
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, user

RLO, ZWSP, LRI = "\u202e", "\u200b", "\u2066"


def test_visible_strips_bidi_and_zero_width_but_keeps_emoji_joiners() -> None:
    assert visible(f"Koffie{RLO}oZ{ZWSP} &{LRI} thee") == "KoffieoZ & thee"
    family = "👩\u200d👩\u200d👧"
    assert visible(family) == family
    assert invisible_in(f"a{RLO}b{RLO}c{ZWSP}") == ["U+202E", "U+200B"]


async def test_a_sign_up_name_loses_its_invisible_characters(harness: BotHarness) -> None:
    vera = user(1010, name="Vera")
    await harness.send(vera, "/aanmelden")
    await harness.send(vera, f"Koffie{RLO} op {ZWSP}Dinsdag")
    async with harness.services.db.transaction() as session:
        draft = await session.get(SignupDraft, vera["id"])
    assert draft is not None
    assert draft.data["name"] == "Koffie op Dinsdag"


async def test_a_meeting_title_and_place_lose_their_invisible_characters(
    harness: BotHarness,
) -> None:
    form = (
        f"/bijeenkomst Wijktafel {RLO}Oost | Dapperbuurt | 2026-12-01 19:30 | 90 | "
        f"De {LRI}Meevaart{ZWSP}"
    )
    [reply] = await harness.send(user(ADMIN_ID, name="Cor"), form)
    assert not invisible_in(reply["text"])
    async with harness.services.db.transaction() as session:
        meeting = (await session.scalars(select(Meeting))).one()
    assert (meeting.title, meeting.place) == ("Wijktafel Oost", "De Meevaart")


def test_import_map_refuses_invisible_characters_by_row_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "map.jsonl"
    rows = [KOFFIE, dict(KOFFIE, id="tweede", name=f"Koffie{RLO}kwartier")]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    code = main(["import-map", str(path), "--db", f"sqlite+aiosqlite:///{tmp_path}/m.db"])
    _out, err = capsys.readouterr()
    assert code == 1
    assert "row 2, field 'name'" in err
    assert "U+202E" in err
    assert "Traceback" not in err
