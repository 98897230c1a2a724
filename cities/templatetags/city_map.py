from functools import lru_cache
from html import escape

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cities.map import CityMap
from cities.map import city_map as build_city_map
from core.links import object_urls

register = template.Library()


@register.inclusion_tag("cities/includes/city_map.html")
def city_map(cities, fit=False, label_all=False, title="", table=True) -> dict:
    """The SVG map of `cities` with its legend and (unless the page has one) a table of them."""
    if isinstance(cities, tuple):
        language, prefix = get_language(), get_script_prefix()
        drawn, markers, labels = _drawn_once(cities, fit, label_all, language, prefix)
    else:
        drawn, markers, labels = _draw(cities, fit, label_all)
    return {
        "map": drawn,
        "markers": markers,
        "labels": labels,
        "title": title,
        "table": table,
    }


def _draw(cities, fit: bool, label_all: bool) -> tuple[CityMap, SafeString, SafeString]:
    drawn = build_city_map(cities, fit=fit, label_all=label_all)
    return drawn, markers_svg(drawn), labels_svg(drawn)


@lru_cache(maxsize=8)
def _drawn_once(cities: tuple, fit: bool, label_all: bool, _language: str, _prefix: str):
    """A map of plain rows (a tuple of value objects, `cities.selectors.cities_on_map`) is drawn
    once per content, language and script prefix: the rows are the key, so a changed city is a
    new drawing, never a stale one. Model instances compare by primary key alone, so a list of
    them is drawn every time."""
    return _draw(cities, fit, label_all)


# The markers and labels are drawn in Python: through the template, each city's link cost as much
# as a small page, and the home map draws every member city (380 at ten times the network; issue
# 21). The words are translated once per map, every name escaped (html.escape: what Django's
# escape does, without its lazy-string wrapper), the numbers written as SVG reads them whatever
# the language (str of a float, never "167,2").


def markers_svg(drawn: CityMap) -> SafeString:
    """One link per city (its name, country and membership in its `<title>`) around a `<use>` of
    one of four shapes drawn once in `<defs>`: a dot for pilot cities, a diamond for later
    members, each with a ring for capitals. A city costs ~120 bytes instead of ~190 with its own
    shapes: the home map draws every member (380 at ten times the network, issue 21), and every
    answer is gzipped anew (its CSRF token), at a cost that grows with the bytes."""
    words = _Words()
    city_url = object_urls("cities:detail")
    return mark_safe(
        _shapes(drawn) + "\n".join(_marker(marker, words, city_url) for marker in drawn.markers)
    )


def _shapes(drawn: CityMap) -> str:
    """The markers' shapes around (0, 0). They have no fill or stroke of their own: they inherit
    those of their `<use>`, which the style sheet colours (and changes on hover and focus); the
    capital's ring is drawn as it is. Ids start with `city-map-`: one map on a page."""
    ring = (
        f'<circle r="{drawn.capital_ring}" fill="none" stroke="#1b1f24"'
        f' stroke-width="{drawn.ring_width}"/>'
    )
    return (
        f'<defs><circle id="city-map-p" r="{drawn.radius}"/>'
        f'<polygon id="city-map-l" points="{drawn.diamond}"/>'
        f'<g id="city-map-pc">{ring}<use href="#city-map-p"/></g>'
        f'<g id="city-map-lc">{ring}<use href="#city-map-l"/></g></defs>\n'
    )


class _Words:
    """The map's words, translated once per drawing ("member since 2023" once per year)."""

    def __init__(self):
        self.capital = _("capital")
        self.pilot = _("pilot city since 2018")
        self._since: dict[int, str] = {}

    def membership(self, city) -> str:
        if city.is_pilot:
            return self.pilot
        if city.joined_year not in self._since:
            self._since[city.joined_year] = _("member since %(year)s") % {"year": city.joined_year}
        return self._since[city.joined_year]


def _marker(marker, words: _Words, city_url) -> str:
    city = marker.city
    name = f"{city.name}, {city.country.name}" + (f" ({words.capital})" if city.is_capital else "")
    shape = ("p" if city.is_pilot else "l") + ("c" if city.is_capital else "")
    return (
        f'<a href="{escape(city_url(city.slug))}"><title>{escape(name)} —'
        f" {escape(words.membership(city))}</title>"
        f'<use href="#city-map-{shape}" x="{marker.x}" y="{marker.y}"/></a>'
    )


def labels_svg(drawn: CityMap) -> SafeString:
    return mark_safe(
        "".join(
            f'<text x="{marker.label_x}" y="{marker.label_y}"'
            f' text-anchor="{marker.label_anchor}">{escape(marker.city.name)}</text>'
            for marker in drawn.markers
            if marker.labelled
        )
    )


# The language of a city's local name, so that screen readers pronounce it and browsers pick a
# font for its script. Left out where the country has several (the Philippines) or it is English.
LOCAL_NAME_LANGUAGES = {
    "BN": "ms",
    "ID": "id",
    "KH": "km",
    "LA": "lo",
    "MM": "my",
    "MY": "ms",
    "TH": "th",
    "TL": "tet",
    "VN": "vi",
}


@register.filter
def local_name_lang(city) -> str:
    return LOCAL_NAME_LANGUAGES.get(city.country.code, "")
