"""Button labels are plain text: a name with & or quotes shows as typed, escaped nowhere."""

from __future__ import annotations

from tests.conftest import ADMIN_ID
from tests.harness import BotHarness, labels, user

ADMIN = user(ADMIN_ID, name="Cor")
FORM = (
    '/bijeenkomst Koffie & Zo "Oost" | Dapperbuurt | 2026-12-01 19:30 | 90 | '
    "Buurthuis <De Meevaart> | FREQ=WEEKLY;INTERVAL=6;BYDAY=TU"
)


async def test_agenda_buttons_show_a_title_with_an_ampersand_as_typed(
    harness: BotHarness,
) -> None:
    await harness.send(ADMIN, FORM)
    [agenda] = await harness.send(ADMIN, "/agenda Dapperbuurt")
    shown = labels(agenda)
    assert any('Koffie & Zo "Oost"' in label for label in shown), shown
    assert not [label for label in shown if "&amp;" in label or "&quot;" in label]
    assert 'Koffie & Zo "Oost"' in agenda["text"]  # the message itself is escaped once


async def test_feedback_target_buttons_show_quotes_as_typed(harness: BotHarness) -> None:
    await harness.send(ADMIN, FORM)
    [overview] = await harness.send(ADMIN, "/feedback")
    attach = next(label for label in labels(overview) if "Vragenlijst koppelen" in label)
    [targets] = await harness.press(ADMIN, overview, attach)
    shown = labels(targets)
    assert 'hele reeks Koffie & Zo "Oost"' in shown
    assert 'Koffie & Zo "Oost" (bijeenkomst 1)' in shown
    assert not [label for label in shown if "&amp;" in label or "&quot;" in label]
