"""Time and place clash detection between conditions and commitments (s.2(3))."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spo_cli.model import Commitment, Condition, Place, When, Zone
from spo_cli.rules.clash import clashes, distance_m, in_zone, postcode_in, unverifiable


def when(days, start, end):
    return When.read({"days": days, "from": start, "to": end})


@pytest.mark.parametrize("a,b,overlap", [
    (when(["mon"], "09:00", "10:00"), when(["mon"], "09:59", "11:00"), True),
    (when(["mon"], "09:00", "10:00"), when(["mon"], "10:00", "11:00"), False),  # touching
    (when(["mon"], "09:00", "10:00"), when(["tue"], "09:00", "10:00"), False),
    (when(["fri"], "22:00", "06:00"), when(["sat"], "05:00", "07:00"), True),   # past midnight
    (when(["fri"], "22:00", "06:00"), when(["sat"], "06:00", "07:00"), False),
    (when(["sun"], "23:00", "01:00"), when(["mon"], "00:30", "00:45"), True),   # week wraps
])
def test_when_overlaps(a, b, overlap):
    assert a.overlaps(b) is overlap
    assert b.overlaps(a) is overlap


@given(st.sampled_from(["mon", "tue", "sun"]), st.integers(0, 1438), st.integers(1, 600))
def test_a_window_always_overlaps_itself(day, start, length):
    end = min(start + length, 1439)
    fmt = "{:02d}:{:02d}".format
    w = when([day], fmt(*divmod(start, 60)), fmt(*divmod(end, 60)))
    assert w.overlaps(w)


@pytest.mark.parametrize("postcode,area,inside", [
    ("NT6 1LP", "NT6 1LP", True), ("NT61LP", "nt6 1lp", True), ("NT6 1LP", "NT6", True),
    ("NT6 1LP", "NT6 1", True), ("NT6 2LP", "NT6 1", False), ("NT16 1LP", "NT1", False),
    ("NT1 6LP", "NT16", False), ("NT6 1LP", "NT6 1LQ", False),
])
def test_postcode_in(postcode, area, inside):
    assert postcode_in(postcode, area) is inside


def test_distance_is_plausible():
    assert 1100 < distance_m((54.5, -1.55), (54.51, -1.55)) < 1125


def place(*lines, at=None):
    return Place(tuple(lines), at)


def zone(**kw):
    return Zone(kw.get("map_exhibit"), tuple(kw.get("postcodes", ())),
                tuple(kw.get("streets", ())), kw.get("centre"), kw.get("radius_m"))


@pytest.mark.parametrize("where,z,expected", [
    (place("Hospital Road", "Northtown", "NT2 9HH"), zone(postcodes=["NT2"]), True),
    (place("Hospital Road", "Northtown", "NT2 9HH"), zone(streets=["hospital road"]), True),
    (place("Hospital Roadside", "Northtown", "NT3 1AA"), zone(streets=["Hospital Road"]), False),
    (place("x", "NT3 1AA", at=(54.5, -1.5)), zone(centre=(54.5, -1.5), radius_m=10), True),
    (place("x", "NT3 1AA", at=(54.6, -1.5)), zone(centre=(54.5, -1.5), radius_m=10), False),
    (place("x", "NT3 1AA"), zone(centre=(54.5, -1.5), radius_m=10), None),   # no location
    (place("x", "NT3 1AA"), zone(map_exhibit="SP/5"), None),                 # map only
])
def test_in_zone(where, z, expected):
    assert in_zone(where, z) is expected


def condition(when_=None, zone_=None):
    return Condition("requirements", 0, "R1", "text", (), when_, zone_, {})


WORK = Commitment("work", 0, place("Depot", "NT5 2AA"), when(["mon"], "07:00", "15:00"))


@pytest.mark.parametrize("c,clash", [
    (condition(when(["mon"], "14:00", "16:00")), True),
    (condition(when(["mon"], "15:00", "16:00")), False),
    (condition(zone_=zone(postcodes=["NT5"])), True),                       # always excluded
    (condition(when(["tue"], "08:00", "09:00"), zone(postcodes=["NT5"])), False),
    (condition(zone_=zone(postcodes=["NT6"])), False),
    (condition(), False),                                                  # e.g. no contact
])
def test_clashes(c, clash):
    assert clashes(c, WORK) is clash


def test_map_zone_is_unverifiable_against_a_place():
    assert unverifiable(condition(zone_=zone(map_exhibit="SP/5")), WORK)
    assert not unverifiable(condition(zone_=zone(postcodes=["NT6"])), WORK)
