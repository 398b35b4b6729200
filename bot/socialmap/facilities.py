"""The city's facilities described in the reader's language.

The municipal open data has no descriptions; the import builds one from the facility's
fields: "Bibliotheek in stadsdeel Nieuw-West, domein Kunst en Cultuur. Adres: …". Those
fields are read back here and rendered from the catalogue, so an English reader gets
"Library in the Nieuw-West district (arts and culture)". The address is left out: cards
show it on a line of its own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.i18n import Translator
from matching.normalise import fold
from matching.offer import Offer

_GENERATED = re.compile(
    r"^(?P<category>[^()]+?)(?: \((?P<subtype>.+)\))? in stadsdeel (?P<district>[^,]+), "
    r"domein (?P<domain>[^.]+)\.(?: Adres: .*)?$"
)


@dataclass(frozen=True)
class FacilityFields:
    """What a generated description holds."""

    category: str
    subtype: str | None
    district: str
    domain: str


def fields_of(offer: Offer) -> FacilityFields | None:
    """The fields behind a generated description (None for a description people wrote)."""
    if offer.kind != "place":
        return None
    match = _GENERATED.match(" ".join(offer.description.split()))
    if match is None:
        return None
    return FacilityFields(
        match["category"].strip(), match["subtype"], match["district"].strip(), match["domain"]
    )


def _term(t: Translator, prefix: str, value: str) -> str:
    # A category the catalogue does not know yet (new open data) is shown as the city names it.
    return t.known(f"facility.{prefix}.{fold(value).replace(' ', '_')}") or value


def describe(t: Translator, offer: Offer) -> str:
    """The offer's description in the reader's language (as written, unless generated)."""
    fields = fields_of(offer)
    if fields is None:
        return offer.description
    kind = _term(t, "category", fields.category)
    if fields.subtype:
        subtype = _term(t, "subtype", fields.subtype)
        kind = html.unescape(t("facility.kind_with_subtype", kind=kind, subtype=subtype))
    domain = _term(t, "domain", fields.domain)
    # Plain text: the cards escape it where they put it into a message.
    return html.unescape(
        t("facility.description", kind=kind, district=fields.district, domain=domain)
    )


def kind_of_place(t: Translator, offer: Offer) -> str | None:
    """The kind of a facility in the reader's language ("Library", "Buurtkamer")."""
    fields = fields_of(offer)
    if fields is None:
        return None
    return _term(t, "category", fields.category)
