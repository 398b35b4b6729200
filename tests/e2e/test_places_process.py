"""Real places end to end: a fresh install's bundled map, a location near Javaplein, a topic."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Sandbox

ANNA = {"id": 1001, "first_name": "Anna", "language_code": "nl"}
# Near the Javaplein (Indische Buurt-West), as a phone would share it.
JAVAPLEIN = {"latitude": 52.3640, "longitude": 4.9418}


def _has(fragment: str) -> Any:
    return lambda messages: any(fragment in (m.get("text") or "") for m in messages)


def test_location_near_javaplein_then_a_topic(sandbox: Sandbox, bot_process: str) -> None:
    # The bot starts on an empty database: it seeds the starter map and the city's places.
    sandbox.inject({"user": ANNA, "location": JAVAPLEIN})
    located = sandbox.wait_for(1001, _has("Je bent in"))[-1]["text"]
    assert "Indische Buurt" in located
    assert "🚶" in located  # walking distances to the nearest places
    assert "OBA Javaplein" in located

    sandbox.inject({"user": ANNA, "text": "eenzaamheid"})
    narrowed = sandbox.wait_for(1001, _has("Dichtbij de plek die je deelde"))[-1]["text"]
    assert "voor eenzaamheid" in narrowed
    assert "1. " in narrowed
    assert "🚶" in narrowed
    assert "thema eenzaamheid" in narrowed

    sandbox.inject({"user": ANNA, "text": "buurtteam indische buurt"})
    answer = sandbox.wait_for(1001, _has("1. Buurtteam Oud-oost"))[-1]["text"]
    assert "deze is het dichtstbij" in answer
