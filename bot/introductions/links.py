"""The /start payload that opens the warm introduction for one entry (`t.me/<bot>?start=…`).

Telegram allows 1-64 characters of A-Z, a-z, 0-9, _ and - in a start payload, and a new
person's language button carries the payload again after "lang:nl:" in at most 64 bytes of
callback data (bot/people/handlers/start.py). So an entry id of up to 50 characters travels
as it is (`intro_<id>`; ids are lower-case letters, digits and hyphens, never "_"), and a
longer or unusual one as a digest of it (`intro__<16 characters>`) that is looked up among
the map's entries.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

INTRO_PREFIX = "intro_"
_PLAIN_ID = re.compile(r"[a-z0-9-]{1,50}")
_DIGEST_LENGTH = 16
INTRO_LINK = re.compile(
    rf"^{INTRO_PREFIX}(?:{_PLAIN_ID.pattern}|_[A-Za-z0-9_-]{{{_DIGEST_LENGTH}}})$"
)


def _digest(offer_id: str) -> str:
    raw = hashlib.sha256(offer_id.encode()).digest()
    return base64.urlsafe_b64encode(raw).decode()[:_DIGEST_LENGTH]


def start_payload(offer_id: str) -> str:
    """The payload of a link that opens the introduction for this entry."""
    if _PLAIN_ID.fullmatch(offer_id):
        return INTRO_PREFIX + offer_id
    return INTRO_PREFIX + "_" + _digest(offer_id)


def start_url(bot_username: str, offer_id: str) -> str:
    """The t.me link that opens the bot on this entry's introduction."""
    return f"https://t.me/{bot_username}?start={start_payload(offer_id)}"


def linked_id(payload: str, offer_ids: Iterable[str]) -> str | None:
    """The entry id among `offer_ids` whose link has this payload, or None (not such a
    payload, or no such entry)."""
    if not INTRO_LINK.match(payload):
        return None
    return next((offer_id for offer_id in offer_ids if start_payload(offer_id) == payload), None)
