"""The map of member cities: an equirectangular projection of the ASEAN box, drawn as inline SVG.

Nothing is fetched from outside: the land under the dots is `static/img/asean-map.svg`, drawn in
the same box and scale (Natural Earth, see the comment inside it). Change the box here and that
file must be rebuilt to match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WEST, EAST, SOUTH, NORTH = 91.5, 131.0, -11.5, 23.5
UNITS_PER_DEGREE = 10
WIDTH = (EAST - WEST) * UNITS_PER_DEGREE
HEIGHT = (NORTH - SOUTH) * UNITS_PER_DEGREE

# A map fitted to a few cities (a country) shows at least this much around them, in degrees.
FIT_MIN_SPAN = 6.0
FIT_PADDING = 1.5
# Label text width per character, as a share of the font size (a rough mean over scripts).
CHAR_WIDTH = 0.56


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.x + self.width <= other.x
            or other.x + other.width <= self.x
            or self.y + self.height <= other.y
            or other.y + other.height <= self.y
        )

    @property
    def view_box(self) -> str:
        return " ".join(f"{v:g}" for v in (self.x, self.y, self.width, self.height))


@dataclass(frozen=True)
class Marker:
    city: object
    x: float
    y: float
    radius: float
    label_x: float | None = None
    label_y: float | None = None
    label_anchor: str = "start"

    @property
    def labelled(self) -> bool:
        return self.label_x is not None


@dataclass(frozen=True)
class CityMap:
    markers: list[Marker]
    frame: Box
    radius: float
    font_size: float

    @property
    def ring_width(self) -> float:
        return round(self.radius * 0.45, 2)

    @property
    def capital_ring(self) -> float:
        """The radius of the ring around a capital's marker."""
        return round(self.radius * 1.9, 2)

    @property
    def diamond(self) -> str:
        """Polygon points of the later members' marker around (0, 0), a diamond of the dot's
        size."""
        r = self.radius * 1.25
        return f"0,{-r:.2f} {r:.2f},0 0,{r:.2f} {-r:.2f},0"

    @property
    def stroke_width(self) -> float:
        return round(self.radius * 0.3, 2)

    @property
    def land(self) -> Box:
        return Box(0, 0, WIDTH, HEIGHT)


def to_map_point(latitude: float, longitude: float) -> tuple[float, float]:
    """The map's coordinates of a place (x to the east, y to the south) by the equirectangular
    projection of the ASEAN box, rounded to 0.1 unit."""
    x = (float(longitude) - WEST) * UNITS_PER_DEGREE
    y = (NORTH - float(latitude)) * UNITS_PER_DEGREE
    return round(x, 1), round(y, 1)


def city_map(cities: Iterable, *, fit: bool = False, label_all: bool = False) -> CityMap:
    """The map of `cities`: the whole ASEAN box, or fitted around the cities (`fit`).

    Capitals are labelled; with `label_all` every city whose label finds a free place is.
    """
    cities = list(cities)
    points = [(city, *to_map_point(city.latitude, city.longitude)) for city in cities]
    frame = _fitted_frame([(x, y) for _, x, y in points]) if fit and points else _full_frame()
    scale = max(frame.width, frame.height)
    radius = round(scale / 110, 2)
    font_size = round(scale / 38, 2)
    markers = _place_labels(points, frame, radius, font_size, label_all=label_all)
    return CityMap(markers=markers, frame=frame, radius=radius, font_size=font_size)


def _full_frame() -> Box:
    return Box(0, 0, WIDTH, HEIGHT)


def _fitted_frame(points: list[tuple[float, float]]) -> Box:
    """The smallest box holding the points with padding, kept inside the map, 4:3 at least."""
    pad = FIT_PADDING * UNITS_PER_DEGREE
    min_span = FIT_MIN_SPAN * UNITS_PER_DEGREE
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width = max(max(xs) - min(xs) + 2 * pad, min_span)
    height = max(max(ys) - min(ys) + 2 * pad, min_span * 0.75)
    width = max(width, height * 4 / 3)
    center_x, center_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = _clamp(center_x - width / 2, 0, WIDTH - width)
    y = _clamp(center_y - height / 2, 0, HEIGHT - height)
    return Box(round(x, 1), round(y, 1), round(width, 1), round(height, 1))


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high)) if high >= low else low


def _label_priority(point) -> tuple:
    city = point[0]
    return (not city.is_capital, not city.is_pilot, -(city.population or 0), city.name)


def _place_labels(
    points, frame: Box, radius: float, font_size: float, *, label_all: bool
) -> list[Marker]:
    """Greedy placement: important cities first; a label that would overlap is left out.

    Every dot keeps its name in its `<title>` and the list beside the map, so a missing label
    hides nothing.
    """
    taken = [Box(x - radius, y - radius, 2 * radius, 2 * radius) for _, x, y in points]
    placed: dict[int, tuple[float, float, str]] = {}
    for index, point in sorted(enumerate(points), key=lambda item: _label_priority(item[1])):
        city, x, y = point
        if not (label_all or city.is_capital):
            continue
        for spot, box in _label_spots(city.name, x, y, radius, font_size):
            if _inside(box, frame) and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                placed[index] = spot
                break
    return [
        Marker(city, x, y, radius, *placed.get(index, (None, None, "start")))
        for index, (city, x, y) in enumerate(points)
    ]


def _inside(box: Box, frame: Box) -> bool:
    return (
        box.x >= frame.x
        and box.y >= frame.y
        and box.x + box.width <= frame.x + frame.width
        and box.y + box.height <= frame.y + frame.height
    )


def _label_spots(name: str, x: float, y: float, radius: float, font_size: float):
    """Candidate label positions (right, left, above, below) with the box each would cover."""
    width = len(name) * font_size * CHAR_WIDTH
    gap = radius * 1.6
    baseline = font_size * 0.35
    candidates = [
        (x + gap, y + baseline, "start", Box(x + gap, y - font_size / 2, width, font_size)),
        (x - gap, y + baseline, "end", Box(x - gap - width, y - font_size / 2, width, font_size)),
        (x, y - gap, "middle", Box(x - width / 2, y - gap - font_size, width, font_size)),
        (x, y + gap + font_size * 0.8, "middle", Box(x - width / 2, y + gap, width, font_size)),
    ]
    for label_x, label_y, anchor, box in candidates:
        yield (round(label_x, 1), round(label_y, 1), anchor), box
