"""The twinning map: ASCN cities (from their coordinates) joined to the countries of their
counterparts, on a plain equirectangular frame drawn by the server (no tiles, no outside request).

The frame starts at 30° W so that lines from South-East Asia to the Americas cross the Pacific,
and is cropped to the latitudes where cities are.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import pgettext

from partners.countries import COUNTRIES, country_name

WIDTH = 720
HEIGHT = 300
WEST = -30.0  # longitude of the left edge
NORTH = 75.0
SOUTH = -50.0
MERIDIANS = range(0, 360, 30)
PARALLELS = (-30, 0, 30, 60)


def _longitude_label(degrees: float) -> str:
    degrees = (degrees + 180) % 360 - 180
    if degrees in (0, -180):
        return f"{abs(degrees):.0f}°"
    side = pgettext("longitude", "E") if degrees > 0 else pgettext("longitude", "W")
    return f"{abs(degrees):.0f}°{side}"


# Named tuples, not frozen dataclasses: a page of 25 twinnings makes some 150 of them, and a
# frozen dataclass is several times slower to make (issue 21).


class Point(NamedTuple):
    x: float
    y: float


class Place(NamedTuple):
    point: Point
    label: str


class Link(NamedTuple):
    path: str
    label: str


class CountryMark(NamedTuple):
    """A counterpart country's square at `point` and its name, written at (`label_x`,
    `label_y`: the middle of the name's baseline) where it covers no other name or square."""

    point: Point
    label: str
    label_x: float
    label_y: float


# A country's name at the map's 10 px bold, measured loosely (wide enough for Latin capitals
# and Vietnamese): average advance per character, and the line's height above the baseline.
LABEL_CHARACTER = 6.2
LABEL_ASCENT = 10
# The meridians' degrees along the bottom edge: no name is written over them.
DEGREES_BAND = 13
# Where a name may go, from its square's centre to its baseline, in order of preference: below,
# above, then further out (countries close together: China, the Republic of Korea, Japan).
LABEL_OFFSETS = (16, -8, 28, -20, 40, -32)


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(places: list[Place]) -> list[CountryMark]:
    """Each country's name where it covers neither another name, another square nor the degrees
    at the bottom, kept inside the frame; names are placed west to east, each taking the first
    free position of LABEL_OFFSETS (the first one if none is free). Sorted by name."""
    taken = [(p.point.x - 4, p.point.y - 4, p.point.x + 4, p.point.y + 4) for p in places]
    taken.append((0, HEIGHT - DEGREES_BAND, WIDTH, HEIGHT))
    marks = []
    for place in sorted(places, key=lambda p: (p.point.x, p.point.y, p.label)):
        half = len(place.label) * LABEL_CHARACTER / 2
        x = round(min(max(place.point.x, half + 2), WIDTH - half - 2), 1)
        candidates = []
        for offset in LABEL_OFFSETS:
            y = round(place.point.y + offset, 1)
            box = (x - half, y - LABEL_ASCENT, x + half, y + 3)
            if box[1] >= 0 and box[3] <= HEIGHT:
                candidates.append((y, box))
        free = [c for c in candidates if not any(_overlap(c[1], other) for other in taken)]
        y, box = (free or candidates or [(place.point.y + LABEL_OFFSETS[0], None)])[0]
        if box is not None:
            taken.append(box)
        marks.append(CountryMark(place.point, place.label, x, y))
    return sorted(marks, key=lambda mark: mark.label)


def project(latitude: float, longitude: float) -> Point:
    x = ((longitude - WEST) % 360) / 360 * WIDTH
    y = (NORTH - max(min(latitude, NORTH), SOUTH)) / (NORTH - SOUTH) * HEIGHT
    return Point(round(x, 1), round(y, 1))


def _curve(start: Point, end: Point) -> str:
    """A gentle arc (bowed northwards) so that lines sharing an end stay apart."""
    bow = abs(end.x - start.x) * 0.15
    middle = Point((start.x + end.x) / 2, min(start.y, end.y) - bow)
    return f"M{start.x},{start.y} Q{middle.x:.1f},{middle.y:.1f} {end.x},{end.y}"


def twinning_map(twinnings) -> dict:
    """Everything the SVG template draws, from `partners.selectors.TwinningRow`s."""
    cities: dict[int, Place] = {}
    countries: dict[str, Place] = {}
    links: list[Link] = []
    unplaced: set[str] = set()
    for twinning in twinnings:
        if twinning.city_id not in cities:
            start = project(float(twinning.latitude), float(twinning.longitude))
            cities[twinning.city_id] = Place(start, twinning.city_name)
        start = cities[twinning.city_id].point
        code = twinning.counterpart_country
        if code not in countries:
            country = COUNTRIES.get(code.upper())
            if country is None:
                unplaced.add(country_name(code))
                continue
            countries[code] = Place(project(country.latitude, country.longitude), str(country.name))
        links.append(Link(_curve(start, countries[code].point), str(twinning)))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "meridians": [(round(m / 360 * WIDTH, 1), _longitude_label(WEST + m)) for m in MERIDIANS],
        "parallels": [project(lat, WEST).y for lat in PARALLELS],
        "equator": project(0, WEST).y,
        "cities": list(cities.values()),
        "countries": place_labels(list(countries.values())),
        "links": links,
        "unplaced": sorted(unplaced),
    }
