from django import template

from cities.map import city_map as build_city_map

register = template.Library()


@register.inclusion_tag("cities/includes/city_map.html")
def city_map(cities, fit=False, label_all=False, title="", table=True) -> dict:
    """The SVG map of `cities` with its legend and (unless the page has one) a table of them."""
    return {
        "map": build_city_map(cities, fit=fit, label_all=label_all),
        "title": title,
        "table": table,
    }


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
