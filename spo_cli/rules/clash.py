"""Whether a condition's time and place clash with one of the defendant's commitments."""

from __future__ import annotations

import math
import re

from ..model import Commitment, Condition, Place, Zone, normalise_postcode

_FULL = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")


def postcode_in(postcode: str, area: str) -> bool:
    """Whether a full postcode lies in `area`: a full postcode, an outward code (NT16) or a
    sector (NT1 6). The space tells a sector from an outward code, so it is kept."""
    full = normalise_postcode(postcode)
    outward, inward = full[:-3], full[-3:]
    words = area.upper().split()
    if _FULL.fullmatch("".join(words)):
        return full == "".join(words)
    if len(words) == 2:
        return words[0] == outward and inward.startswith(words[1])
    return "".join(words) == outward


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + \
        math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def in_zone(place: Place, zone: Zone) -> bool | None:
    """True or False when it can be told, None when the zone or place lacks what is needed."""
    lines = [line.casefold() for line in place.address]
    if place.postcode and any(postcode_in(place.postcode, area) for area in zone.postcodes):
        return True
    if any(re.search(rf"\b{re.escape(street.casefold())}\b", line)
           for street in zone.streets for line in lines):
        return True
    if zone.centre and zone.radius_m:
        if place.location is None:
            return None
        return distance_m(zone.centre, place.location) <= zone.radius_m
    return None if zone.map_only else False


def clashes(condition: Condition, commitment: Commitment) -> bool:
    """Whether obeying the condition would stop the defendant keeping the commitment."""
    times = condition.when is None or commitment.when is None \
        or condition.when.overlaps(commitment.when)
    if condition.zone is not None:
        return bool(commitment.place and in_zone(commitment.place, condition.zone)) and times
    if condition.when is not None and commitment.when is not None:
        return condition.when.overlaps(commitment.when)
    return False


def unverifiable(condition: Condition, commitment: Commitment) -> bool:
    """A zone that cannot be checked against this commitment's place."""
    return condition.zone is not None and commitment.place is not None \
        and in_zone(commitment.place, condition.zone) is None
