"""A small, known social map for handler and end-to-end tests."""

from __future__ import annotations

from datetime import date

from matching.offer import Offer

MAP = [
    Offer(
        id="koffie-kwartier",
        name="Koffiekwartier",
        description="Wekelijkse koffieochtend voor buurtgenoten die vaker onder de mensen willen "
        "komen. Iedereen is welkom.",
        themes=("eenzaamheid", "ontmoeting"),
        areas=("Indische Buurt",),
        target_groups=("ouderen",),
        email="koffie@example.org",
        schedule="dinsdag 10:00-12:00",
        last_verified=date(2026, 9, 1),
        latitude=52.3631,
        longitude=4.9390,
    ),
    Offer(
        id="taalcafe-osdorp",
        name="Taalcafé Osdorp",
        description="Nederlands oefenen in een ontspannen sfeer.",
        themes=("taal",),
        areas=("Osdorp",),
        url="https://example.org/taal",
    ),
    Offer(
        id="schuldhulp-oost",
        name="Geldmaatjes Oost",
        description="Vrijwilligers helpen met geldzorgen en schulden.",
        themes=("schulden",),
        areas=("Oost",),
    ),
    *[
        Offer(
            id=f"buurtkamer-{n}",
            name=f"Buurtkamer Oost {n}",
            description="Een huiskamer in de buurt om elkaar te ontmoeten tegen eenzaamheid.",
            themes=("eenzaamheid",),
            areas=("Oost",),
        )
        for n in range(1, 6)
    ],
]
