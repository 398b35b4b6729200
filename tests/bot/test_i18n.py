"""Catalogues: complete in both languages, used keys exist, dates in Amsterdam time."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po

from bot.core.commands import COMMANDS
from bot.core.roles import Role
from bot.feedback.questions import TEMPLATES
from bot.i18n import Catalogues, locales_dir
from bot.introductions import repository as intro_states
from bot.introductions.rules import ANSWERS as FOLLOW_UP_ANSWERS
from bot.meetings.changes import CHANGES
from bot.meetings.handlers.edit import FIELDS as MEETING_FIELDS
from bot.meetings.rules import DAY_CODES
from bot.meetings.views import ANSWERS as RSVP_ANSWERS
from bot.owners.edits import IMMEDIATE, MODERATED
from bot.owners.views import SHOWN_STATES
from bot.signup.repository_submissions import (
    APPROVED,
    CHANGES_REQUESTED,
    PENDING,
    REJECTED,
)
from bot.signup.steps import CONTACT_FIELDS, EDITABLE, STEPS, to_record
from matching.offer import KINDS
from matching.results import AREA_MATCH

ROOT = Path(__file__).resolve().parents[2]


def _ids(language: str) -> set[str]:
    path = locales_dir() / language / "LC_MESSAGES" / "wijkwijzer.po"
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def _untranslated(language: str) -> list[str]:
    path = locales_dir() / language / "LC_MESSAGES" / "wijkwijzer.po"
    with path.open("rb") as handle:
        return [str(m.id) for m in read_po(handle) if m.id and not m.string]


def _translator_calls() -> Iterator[tuple[Path, ast.Call, ast.expr]]:
    """Every call `t(...)`, `plural(...)` or `label(...)` in bot/, with its first argument."""
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"t", "plural", "label"}:
                yield path, node, node.args[0]


def _keys_used_in_code() -> set[str]:
    """String literals given to a translator call `t("...")` / `person.t("...")`."""
    return {
        str(first.value)
        for _path, _node, first in _translator_calls()
        if isinstance(first, ast.Constant)
    }


def _built_keys_in_code() -> dict[str, set[str]]:
    """Message ids built with an f-string, as patterns ("signup.field.{}"), and where."""
    found: dict[str, set[str]] = {}
    for path, node, first in _translator_calls():
        if isinstance(first, ast.JoinedStr):
            pattern = "".join(
                str(v.value) if isinstance(v, ast.Constant) else "{}" for v in first.values
            )
            found.setdefault(pattern, set()).add(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


# A signup or an owner's edit becomes a map record; a record's problems name its fields.
# (`kind` is always "initiative", set by the bot, never a problem of what was typed.)
_FULL_DRAFT = {
    key: ["x"] if key in ("themes", "areas", "target_groups", "languages") else "x"
    for key in ("name", "description", "themes", "areas", "target_groups", "languages")
} | dict.fromkeys(("schedule", *CONTACT_FIELDS), "x")
RECORD_FIELDS = set(to_record(_FULL_DRAFT, "x")) - {"kind"}

# Every message id built from a value, with the values it can be built from (from the code's
# own lists where there is one). A missing id would show its raw key to the user.
BUILT_KEYS: dict[str, set[str]] = {
    "change.{}": set(CHANGES),
    "cli.area.{}": set(AREA_MATCH.values()),
    "feedback.q.{}": set(TEMPLATES),
    "feedback.set.kind.{}": {"scale", "multiple", "single"},
    "intro.followup.thanks.{}": set(FOLLOW_UP_ANSWERS.values()),
    "intro.followup.{}": set(FOLLOW_UP_ANSWERS.values()) | {"professional", "owner"},
    "moderation.ask.{}": {"change", "reject"},
    "moderation.done.{}": {"change", "reject"},
    "mydata.change.by_you.{}": {"grant", "revoke"},
    "mydata.change.{}": {"grant", "revoke"},
    "mydata.intro.state.{}": {
        intro_states.DRAFT,
        intro_states.REQUESTED,
        intro_states.ACCEPTED,
        intro_states.DECLINED,
        intro_states.EXPIRED,
        intro_states.WITHDRAWN,
    },
    "mydata.intro.{}": {"sent", "answered"},
    "mydata.state.{}": {PENDING, CHANGES_REQUESTED, APPROVED, REJECTED},
    "near.kind.{}": set(KINDS),
    # what an invitation link can be: checked at /start, or used
    "owner.invite.{}": {"ok", "owner", "used", "expired", "unknown"},
    "owner.submitted.{}": set(SHOWN_STATES),
    "owner.{}.done": {"pause", "resume"},
    "plan.day.{}": set(DAY_CODES),
    "plan.edit.{}": set(MEETING_FIELDS),
    "plan.finished.{}": {"cancel", "done"},
    "plan.repeat.monthly.{}": {"1", "2", "3", "4", "-1"},
    "role.{}": {role.value for role in Role},
    "rsvp.saved.{}": set(RSVP_ANSWERS.values()),
    "signup.error.{}": set(CONTACT_FIELDS),
    "signup.field.{}": set(EDITABLE) | set(MODERATED) | set(IMMEDIATE) | RECORD_FIELDS,
    "signup.{}": set(STEPS),
}


def test_every_message_id_built_in_code_is_listed_here() -> None:
    built = _built_keys_in_code()
    assert len(built) > 20
    unlisted = {pattern: sorted(where) for pattern, where in built.items()}
    for pattern in BUILT_KEYS:
        unlisted.pop(pattern, None)
    assert unlisted == {}, "list the values these ids are built from in BUILT_KEYS"
    assert set(BUILT_KEYS) - set(built) == set(), "BUILT_KEYS lists ids the code no longer builds"


def test_every_message_id_built_in_code_exists() -> None:
    ids = _ids("nl")
    built = {pattern.format(value) for pattern, values in BUILT_KEYS.items() for value in values}
    assert len(built) > 100
    assert built - ids == set()


def test_both_catalogues_have_the_same_message_ids() -> None:
    assert _ids("nl") == _ids("en")


def test_every_message_is_translated() -> None:
    assert _untranslated("nl") == []
    assert _untranslated("en") == []


def test_every_key_used_in_code_exists() -> None:
    used = _keys_used_in_code() | {c.help_key for c in COMMANDS}
    used |= {f"role.{role.value}" for role in Role}
    assert len(used) > 30
    assert used - _ids("nl") == set()


def test_language_resolution() -> None:
    catalogues = Catalogues(ZoneInfo("Europe/Amsterdam"))
    assert catalogues.pick(None, "en-GB") == "en"
    assert catalogues.pick("nl", "en") == "nl"
    assert catalogues.pick(None, "de") == "nl"
    assert catalogues.translator("fr").language == "nl"


def test_dates_follow_amsterdam_summer_and_winter_time() -> None:
    catalogues = Catalogues(ZoneInfo("Europe/Amsterdam"))
    nl, en = catalogues.translator("nl"), catalogues.translator("en")
    summer = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    winter = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert nl.datetime(summer) == "1 jul 2026 10:00"
    assert nl.datetime(winter) == "1 dec 2026 09:00"
    assert en.date(winter.date()) == "December 1, 2026"
    assert nl.date(winter.date()) == "1 december 2026"


def test_values_are_escaped_for_html() -> None:
    t = Catalogues(ZoneInfo("Europe/Amsterdam")).translator("nl")
    assert "&lt;a href" in t("start.greeting", name='<a href="x">')
