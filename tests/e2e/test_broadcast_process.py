"""/bericht as a conversation end to end: `wijkwijzer run` against the sandbox.

The coordinator types /bericht, taps the wijktafel, types the text, sees the preview and
sends it; the subscriber gets the message through the delivery queue.
"""

from __future__ import annotations

from tests.e2e.conftest import Sandbox
from tests.e2e.test_meetings_process import ANNA, COR, NAME
from tests.e2e.test_signup_process import _grows, _press, _say

FORM = f"/bijeenkomst {NAME} | Dapperbuurt | 2030-12-03 19:30 | 90 | Buurthuis De Meevaart"
TEXT = "Let op: deze keer in de grote zaal."


def test_bericht_as_a_conversation(sandbox: Sandbox, bot_process: str) -> None:
    _say(sandbox, COR, FORM, "Bijeenkomst opgeslagen")
    # consent first: the language choice, then the subscription
    greeting = _say(sandbox, ANNA, "/start wt_1", f"Daarna meld ik je aan voor {NAME}")
    _press(sandbox, ANNA, greeting, "Nederlands", f"Je bent aangemeld voor {NAME}")

    question = _say(sandbox, COR, "/bericht", "Naar welke wijktafel gaat je bericht?")
    _press(sandbox, COR, question, f"{NAME} (1)", "Typ het bericht voor de 1 aanmelders")
    preview = _say(sandbox, COR, TEXT, "Voorbeeld: zo krijgen de 1 abonnees")
    assert TEXT in preview["text"]

    wait_message = _grows(sandbox, ANNA["id"], TEXT)
    _press(sandbox, COR, preview, "Versturen", "Het bericht gaat naar 1 ontvangers")
    received = wait_message()
    assert received["text"].startswith(f"Bericht van {NAME}")
    # The conversation is over: typed text is a question for the map again.
    answer = _say(sandbox, COR, "eenzaamheid Dapperbuurt", "")
    assert not answer["text"].startswith("Voorbeeld")
