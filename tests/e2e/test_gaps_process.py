"""Witte vlekken end to end: people ask the running bot about two areas of Oost, and the
coordinator gets the table, its CSV (totals equal to the text's, small numbers "< 5" in
both) and a map as a PNG, all through the Bot API sandbox."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.db.session import Database
from bot.socialmap.repository import OfferRepository
from matching.resources import default_gazetteer
from tests.e2e.conftest import ADMIN_ID, Sandbox, assert_no_traceback, start_bot
from tests.sample_map import MAP

COR: dict[str, Any] = {"id": ADMIN_ID, "first_name": "Cor", "language_code": "nl"}
# Six people ask about loneliness in the Indische Buurt (enough to show), two about debts
# in the Dapperbuurt (fewer than five: suppressed).
ASKS: list[tuple[int, str]] = [
    *[(2001 + n, "eenzaamheid in de Indische Buurt") for n in range(6)],
    *[(2101 + n, "schulden in de Dapperbuurt") for n in range(2)],
]


async def _seed(url: str) -> None:
    db = Database(url)
    try:
        async with db.transaction() as session:
            await OfferRepository(session).upsert(MAP, "map", datetime(2026, 11, 1, tzinfo=UTC))
    finally:
        await db.dispose()


@pytest.fixture
def database_url(database_url: str) -> str:
    """This test's database, holding the small sample map before the bot starts."""
    asyncio.run(_seed(database_url))
    return database_url


def _person(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "first_name": f"Vrager {user_id}", "language_code": "nl"}


def _new(sandbox: Sandbox, chat_id: int, check: Any, seen: set[int]) -> dict[str, Any]:
    """Wait for a bot message in the chat, new or edited since `seen` was taken, passing
    `check`."""

    def fresh(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [m for m in messages if m["message_id"] not in seen and check(m)]

    return fresh(sandbox.wait_for(chat_id, lambda ms: bool(fresh(ms)), 60))[-1]


def _text(fragment: str) -> Any:
    return lambda m: fragment in (m.get("text") or "")


def _labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


class Coordinator:
    """Cor's chat with the bot: press a button and wait for what it leads to."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def seen(self) -> set[int]:
        return {m["message_id"] for m in self.sandbox.messages(ADMIN_ID)}

    def edited(self, message: dict[str, Any], check: Any) -> dict[str, Any]:
        """The same message once its text passes `check` (the pickers edit in place)."""
        found = self.sandbox.wait_for(
            ADMIN_ID,
            lambda ms: any(m["message_id"] == message["message_id"] and check(m) for m in ms),
            60,
        )
        return next(m for m in found if m["message_id"] == message["message_id"])

    def press(self, message: dict[str, Any], label: str) -> None:
        assert label in _labels(message), _labels(message)
        press = {"message_id": message["message_id"], "button": label}
        self.sandbox.inject({"user": COR, "press": press})

    def table(self, gebied: str) -> dict[str, Any]:
        """/wittevlekken, Oost, the gebied (or "Heel Oost"), three months: the table."""
        seen = self.seen()
        self.sandbox.inject({"user": COR, "text": "/wittevlekken"})
        picker = _new(self.sandbox, ADMIN_ID, _text("stadsdeel"), seen)
        self.press(picker, "Oost")
        gebieden = self.edited(picker, lambda m: "Heel Oost" in _labels(m))
        self.press(gebieden, gebied)
        periods = self.edited(gebieden, lambda m: "3 maanden" in _labels(m))
        self.press(periods, "3 maanden")
        return self.edited(periods, _text("Witte vlekken in"))

    def csv_rows(self, table: dict[str, Any]) -> dict[str, list[str]]:
        """The table's CSV, by its theme column."""
        seen = self.seen()
        self.press(table, "📄 CSV")
        document = _new(self.sandbox, ADMIN_ID, lambda m: bool(m.get("document")), seen)
        assert document["document"]["file_name"].endswith(".csv")
        file_id = document["document"]["file_id"]
        data = self.sandbox.http.get(f"/_sandbox/files/{file_id}").content
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][3:5] == ["Thema", "Vragen"]
        return {row[3]: row for row in rows[1:]}


def _gebied_of(name: str) -> str:
    """The name of the gebied holding a named wijk or buurt, as its button shows it."""
    gazetteer = default_gazetteer()
    place = gazetteer.resolve(name)
    assert place is not None
    area = gazetteer.area(place.codes[0])
    while area is not None and area.level != "gebied":
        area = gazetteer.area(area.parent_code or "")
    assert area is not None
    return area.name


def _total(text: str) -> str:
    found = re.search(r"Laatste 3 maanden \([^)]*\): (< 5|\d+) vragen", text)
    assert found, text
    return found.group(1)


def test_coordinator_gets_the_gaps_text_csv_and_map(
    sandbox: Sandbox, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    bot = start_bot(sandbox, database_url, tmp_path, log)
    try:
        for user_id, question in ASKS:
            sandbox.inject({"user": _person(user_id), "text": question})
        for user_id, _question in ASKS:  # each question answered, so kept as demand
            sandbox.wait_for(user_id, lambda ms: any("1. " in (m.get("text") or "") for m in ms))

        cor = Coordinator(sandbox)
        whole = cor.table("Heel Oost")
        text = whole["text"]
        assert "Witte vlekken in Oost" in text
        assert _total(text) == str(len(ASKS))
        assert "eenzaamheid: 6 vragen" in text
        assert "schulden: < 5 vragen" in text
        rows = cor.csv_rows(whole)
        total = rows["Totaal vragen"]
        assert total[4] == _total(text)
        assert rows["eenzaamheid"][4] == "6"
        assert rows["schulden"][4:7] == ["< 5", "< 5", "< 5"]
        for theme, row in rows.items():  # every theme's count in the CSV is the text's
            if theme != "Totaal vragen":
                assert f"{theme}: {row[4]} vragen" in text
        # each question has one theme: what the suppressed cell hides is fewer than five
        shown = sum(int(row[4]) for row in rows.values() if row[4].isdigit() and row is not total)
        assert 0 < int(total[4]) - shown < 5

        # the area with only two questions: "< 5" everywhere, in the text and the CSV
        dapper = cor.table(_gebied_of("Dapperbuurt"))
        assert _total(dapper["text"]) == "< 5"
        assert "schulden: < 5 vragen" in dapper["text"]
        assert "2 vragen" not in dapper["text"]
        small = cor.csv_rows(dapper)
        assert small["Totaal vragen"][4] == "< 5"
        assert small["schulden"][4] == "< 5"
        assert "2" not in [row[4] for row in small.values()]

        seen = cor.seen()
        cor.press(whole, "🗺 Kaart")
        themes = _new(sandbox, ADMIN_ID, _text("welk thema?"), seen)
        assert _labels(themes)[0] == "eenzaamheid"  # most asked first
        seen = cor.seen()
        cor.press(themes, "eenzaamheid")
        photo = _new(sandbox, ADMIN_ID, lambda m: bool(m.get("photo")), seen)
        png = sandbox.http.get(f"/_sandbox/files/{photo['photo'][-1]['file_id']}").content
        assert png.startswith(b"\x89PNG")
        assert (photo.get("text") or "").startswith("eenzaamheid in Oost")  # its caption
    finally:
        if bot.poll() is None:
            bot.terminate()
            bot.wait(timeout=15)
    assert_no_traceback(log)
