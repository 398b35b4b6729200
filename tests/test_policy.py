"""Each product number is defined once: in bot/policy.py, or matching/policy.py for the matcher."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import policy
from bot.config import Settings, settings_from_mapping
from bot.i18n import Catalogues
from bot.socialmap.cards import freshness
from matching import policy as matching_policy
from matching.matcher import Matcher
from matching.offer import Offer
from matching.resources import default_gazetteer, default_thesaurus

ROOT = Path(__file__).resolve().parents[1]
POLICY_FILES = (ROOT / "bot" / "policy.py", ROOT / "matching" / "policy.py")
# Module-level timedeltas outside the policy that equal a policy value by coincidence: they
# are technical (name, value), not a second definition of a product decision.
TECHNICAL = {
    # "last seen" is written to the quarter hour to spare the users table a write per message
    ("LAST_SEEN_STEP", timedelta(minutes=15)),
    # the example date in the date-format hints of the meeting planner
    ("EXAMPLE_LEAD", timedelta(days=14)),
}
# Settings that an operator may override, and the policy number each one defaults to.
SETTING_DEFAULTS = {
    "flood_per_minute": "FLOOD_PER_MINUTE",
    "flood_pause_seconds": "FLOOD_PAUSE_SECONDS",
    "broadcasts_per_day": "BROADCASTS_PER_DAY",
    "missed_retention_days": "MISSED_QUESTIONS_KEPT_DAYS",
    "freshness_days": "FRESHNESS_ASK_AFTER_DAYS",
    "freshness_reminder_days": "FRESHNESS_REMINDER_EVERY_DAYS",
    "freshness_hide_days": "FRESHNESS_HIDE_AFTER_DAYS",
    "feedback_delay_minutes": "FEEDBACK_DELAY_MINUTES",
    "feedback_reminder_hours": "FEEDBACK_REMINDER_HOURS",
    "feedback_close_hours": "FEEDBACK_CLOSE_HOURS",
}


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for top in ("bot", "matching"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if path not in POLICY_FILES:
                yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _module_assignments(tree: ast.Module) -> Iterator[tuple[str, ast.expr, int]]:
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets: list[ast.expr] = list(node.targets)
            value = node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple) else [target]
            for element in elements:
                if isinstance(element, ast.Name):
                    yield element.id, value, node.lineno


def _timedeltas(value: ast.expr) -> Iterator[timedelta]:
    """The timedelta(...) calls in an expression that are made of literals only."""
    for node in ast.walk(value):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "timedelta":
            continue
        code = compile(ast.Expression(node), "<policy>", "eval")
        try:
            found = eval(code, {"__builtins__": {}, "timedelta": timedelta})  # noqa: S307
        except NameError:  # made of other names, not literals
            continue
        yield found


def _policy_names() -> set[str]:
    return set(policy.__all__) | {n for n in vars(matching_policy) if n.isupper()}


def _policy_timedeltas() -> dict[timedelta, str]:
    found: dict[timedelta, str] = {}
    for name in sorted(_policy_names()):
        value = getattr(policy, name)
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, timedelta):
                found.setdefault(item, name)
    return found


def test_policy_names_are_not_defined_again() -> None:
    names = _policy_names()
    again = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for path, tree in _sources()
        for name, _, line in _module_assignments(tree)
        if name in names
    ]
    assert again == [], "import these from bot.policy (or matching.policy) instead"


def test_policy_periods_are_not_defined_again() -> None:
    periods = _policy_timedeltas()
    again = [
        f"{path.relative_to(ROOT)}:{line} {name} = {period} is {periods[period]}"
        for path, tree in _sources()
        for name, value, line in _module_assignments(tree)
        for period in _timedeltas(value)
        if period in periods and (name, period) not in TECHNICAL
    ]
    assert again == [], "a product period has one definition, in bot/policy.py"


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.parent.name)
def test_each_policy_is_defined_once_and_says_what_it_decides(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    seen: list[str] = []
    for name, _, line in _module_assignments(tree):
        if name == "__all__":
            continue
        seen.append(name)
        # the assignment belongs to a block of lines that starts with its comment
        above = line - 2
        while above >= 0 and lines[above].strip() and not lines[above].startswith("#"):
            above -= 1
        assert above >= 0, f"{name}: say what it decides"
        assert lines[above].startswith("#"), f"{name}: say what it decides"
    assert len(seen) == len(set(seen)), "a policy is assigned twice"
    if path.parent.name == "bot":
        assert set(seen) | set(vars(matching_policy)) >= set(policy.__all__)
        assert set(seen) <= set(policy.__all__), "list every policy in __all__"


def test_settings_default_to_the_policy() -> None:
    defaults = {f.name: f.default for f in fields(Settings)}
    for setting, name in SETTING_DEFAULTS.items():
        assert defaults[setting] == getattr(policy, name), setting
    # unset variables give the same settings as the dataclass defaults
    assert settings_from_mapping({}) == Settings()


def test_settings_take_their_numbers_from_the_policy() -> None:
    tree = ast.parse((ROOT / "bot" / "config.py").read_text(encoding="utf-8"))
    settings = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Settings")
    literal = [
        node.target.id
        for node in settings.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and isinstance(node.value, ast.Constant)
        and type(node.value.value) is int
    ]
    assert literal == [], "a setting's default number comes from bot.policy"


def test_a_card_says_long_ago_exactly_when_the_matcher_calls_it_stale() -> None:
    # one notion of stale: the card's "(lang geleden)" and the matcher's lower rank and
    # "niet bevestigd sinds" reason start on the same day
    today = date(2026, 6, 1)
    ages = (policy.STALE_AFTER_DAYS, policy.STALE_AFTER_DAYS + 1, policy.VERY_STALE_AFTER_DAYS + 1)
    offers = [
        Offer(
            f"o{age}",
            "Koffieochtend",
            "Koffie.",
            ("ontmoeting",),
            ("Oost",),
            last_verified=today - timedelta(days=age),
        )
        for age in ages
    ]
    matcher = Matcher(offers, default_gazetteer(), default_thesaurus(), today=today)
    t = Catalogues(ZoneInfo("Europe/Amsterdam"), "nl").translator("nl")

    def long_ago(offer: Offer) -> str:
        assert offer.last_verified is not None
        return t("card.verified_stale", when=t.date(offer.last_verified, "MMMM y"))

    on_card = [freshness(t, o, today) == long_ago(o) for o in offers]
    assert matcher.index.staleness == [0, 1, 2]
    assert on_card == [False, True, True]
