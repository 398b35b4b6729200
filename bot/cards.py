"""How offers look in a chat: short cards in an answer, and a full card for details."""

from __future__ import annotations

import html
from datetime import date

from bot.facilities import describe
from bot.i18n import Translator
from bot.languages import language_names
from bot.policy import STALE_AFTER_DAYS
from matching.offer import Offer
from matching.results import Hit
from matching.thesaurus import Kind, Tag, Thesaurus

SUMMARY_LENGTH = 140


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def summary(description: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first sentence of a description, cut at a word if it is long."""
    text = " ".join(description.split())
    for end in (". ", "! ", "? "):
        cut = text.find(end)
        if 0 < cut < limit:
            return text[: cut + 1]
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def contact_line(t: Translator, offer: Offer, *, via_bot: bool = False) -> str:
    """How to reach an offer (through the bot, for entries that chose so), or a plain note."""
    parts = []
    if offer.url:
        parts.append(f'<a href="{html.escape(offer.url)}">{_e(t("card.website"))}</a>')
    if offer.email:
        parts.append(_e(offer.email))
    if offer.phone:
        parts.append(_e(offer.phone))
    if offer.telegram:
        parts.append(_e(offer.telegram))
    if via_bot:
        parts.append(t("card.via_bot"))
    if not parts and offer.address:
        # a place without phone or website: where to walk in is how to reach it
        return "🏠 " + _e(offer.address)
    return "☎️ " + " · ".join(parts) if parts else "☎️ " + t("card.no_contact")


def freshness(t: Translator, offer: Offer, today: date, *, municipal: bool = False) -> str:
    """When the entry was last confirmed, or for the city's open data where it comes from."""
    if municipal:
        return t("card.source_municipal")
    if offer.last_verified is None:
        return t("card.unverified")
    when = t.date(offer.last_verified, "MMMM y")
    if (today - offer.last_verified).days > STALE_AFTER_DAYS:
        return t("card.verified_stale", when=when)
    return t("card.verified", when=when)


def short_card(
    t: Translator,
    number: int,
    hit: Hit,
    where: list[str],
    today: date,
    *,
    municipal: bool = False,
    via_bot: bool = False,
) -> str:
    """One result in an answer: name, what it does, where, how to reach, freshness, why."""
    offer = hit.offer
    lines = [f"<b>{number}. {_e(offer.name)}</b>", _e(summary(describe(t, offer)))]
    place = ", ".join(where[:3]) or "-"
    if hit.area_match == "nearby":
        place += " " + t("card.nearby")
    lines.append("📍 " + _e(place))
    lines.append(contact_line(t, offer, via_bot=via_bot))
    lines.append(freshness(t, offer, today, municipal=municipal))
    if hit.reasons:
        lines.append("<i>" + t("card.why") + " " + _e("; ".join(hit.reasons)) + "</i>")
    return "\n".join(lines)


def _labels(thesaurus: Thesaurus, kind: Kind, values: tuple[str, ...], lang: str) -> str:
    # Offers may carry free words as well as codes; a word that is no code is shown as is.
    return ", ".join(thesaurus.label(Tag(kind, value), lang) for value in values)


def full_card(
    t: Translator,
    offer: Offer,
    where: list[str],
    thesaurus: Thesaurus,
    today: date,
    *,
    municipal: bool = False,
    via_bot: bool = False,
) -> str:
    """Everything the map says about an offer."""
    lines = [f"<b>{_e(offer.name)}</b>"]
    if offer.organization:
        lines.append(t("card.organization", name=offer.organization))
    lines += ["", _e(describe(t, offer)), ""]
    lines.append("📍 " + _e(", ".join(where) or "-"))
    if offer.address:
        lines.append("🏠 " + _e(offer.address))
    if offer.schedule:
        lines.append("🕒 " + _e(offer.schedule))
    contact = contact_line(t, offer, via_bot=via_bot)
    if contact not in lines:  # a place reached at its address has it once
        lines.append(contact)
    lines.append(t("card.themes", themes=_labels(thesaurus, "theme", offer.themes, t.language)))
    if offer.target_groups:
        groups = _labels(thesaurus, "group", offer.target_groups, t.language)
        lines.append(t("card.groups", groups=groups))
    if offer.languages:
        lines.append(t("card.languages", languages=language_names(offer.languages, t.language)))
    lines.append(freshness(t, offer, today, municipal=municipal))
    return "\n".join(lines)
