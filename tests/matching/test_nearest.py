"""Offers nearest to a shared location, by address or else by area centroid."""

from __future__ import annotations

import itertools

import pytest

from matching.geo import PointGrid, haversine_m
from matching.matcher import Matcher

DAPPERMARKT = (52.3617, 4.9271)
DAM = (52.3731, 4.8926)


def test_haversine() -> None:
    assert haversine_m(*DAM, *DAM) == 0
    assert haversine_m(*DAM, *DAPPERMARKT) == pytest.approx(2680, rel=0.02)


def test_nearest_uses_addresses_then_area_centroids(matcher: Matcher) -> None:
    found = matcher.nearest(*DAM, limit=3)
    assert found[0].offer.id == "nachtopvang-centrum"
    assert found[0].located_by == "address"
    assert found[0].distance_m < 50
    assert all(b.distance_m >= a.distance_m for a, b in itertools.pairwise(found))
    assert {n.located_by for n in found[1:]} == {"area"}


def test_nearest_with_themes(matcher: Matcher) -> None:
    found = matcher.nearest(*DAPPERMARKT, limit=2, themes=["schulden"])
    assert [n.offer.id for n in found] == ["schuldhulpmaatje-dapper", "geldwijzer-oost"]
    assert matcher.nearest(*DAPPERMARKT, themes=["xqzv"]) == []


def test_city_wide_offers_without_address_have_no_place(matcher: Matcher) -> None:
    everything = matcher.nearest(*DAM, limit=100)
    found = {n.offer.id for n in everything}
    assert "luisterlijn" not in found
    assert len(found) == len(everything)  # each offer once, at its nearest point


def test_grid_agrees_with_brute_force() -> None:
    points = [(i, 52.3 + (i % 17) * 0.01, 4.8 + (i // 17) * 0.01) for i in range(300)]
    grid = PointGrid(points, cell_m=700)
    here = (52.37, 4.91)
    brute = sorted((haversine_m(*here, lat, lon), i) for i, lat, lon in points)[:7]
    assert grid.nearest(*here, 7) == brute
