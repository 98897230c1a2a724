"""Countries that partners and twinning counterparts come from: ISO 3166-1 alpha-2 code, English
name, and an approximate centre (latitude, longitude) to place them on the twinning map.

Only a name and a rough position are needed, so a short table kept here serves better than a
dependency. A code that is not listed still works everywhere; it just shows as its code and has
no position on the map.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class Country(NamedTuple):
    name: str
    latitude: float
    longitude: float


COUNTRIES: dict[str, Country] = {
    "AE": Country(_("United Arab Emirates"), 24.0, 54.0),
    "AR": Country(_("Argentina"), -34.0, -64.0),
    "AT": Country(_("Austria"), 47.5, 14.5),
    "AU": Country(_("Australia"), -25.0, 134.0),
    "BD": Country(_("Bangladesh"), 24.0, 90.0),
    "BE": Country(_("Belgium"), 50.8, 4.5),
    "BN": Country(_("Brunei Darussalam"), 4.5, 114.7),
    "BR": Country(_("Brazil"), -10.0, -52.0),
    "CA": Country(_("Canada"), 56.0, -106.0),
    "CH": Country(_("Switzerland"), 46.8, 8.2),
    "CL": Country(_("Chile"), -33.0, -71.0),
    "CN": Country(_("China"), 35.0, 103.0),
    "CZ": Country(_("Czechia"), 49.8, 15.5),
    "DE": Country(_("Germany"), 51.0, 10.0),
    "DK": Country(_("Denmark"), 56.0, 10.0),
    "EE": Country(_("Estonia"), 58.6, 25.0),
    "EG": Country(_("Egypt"), 26.8, 30.8),
    "ES": Country(_("Spain"), 40.0, -4.0),
    "FI": Country(_("Finland"), 64.0, 26.0),
    "FR": Country(_("France"), 46.5, 2.5),
    "GB": Country(_("United Kingdom"), 54.0, -2.0),
    "GR": Country(_("Greece"), 39.0, 22.0),
    "HK": Country(_("Hong Kong, China"), 22.3, 114.2),
    "HU": Country(_("Hungary"), 47.2, 19.5),
    "ID": Country(_("Indonesia"), -2.5, 118.0),
    "IE": Country(_("Ireland"), 53.4, -8.0),
    "IL": Country(_("Israel"), 31.0, 35.0),
    "IN": Country(_("India"), 21.0, 78.0),
    "IT": Country(_("Italy"), 42.8, 12.5),
    "JP": Country(_("Japan"), 36.0, 138.0),
    "KE": Country(_("Kenya"), 0.0, 38.0),
    "KH": Country(_("Cambodia"), 12.5, 105.0),
    "KR": Country(_("Republic of Korea"), 36.5, 127.8),
    "KZ": Country(_("Kazakhstan"), 48.0, 67.0),
    "LA": Country(_("Lao PDR"), 18.0, 103.0),
    "LK": Country(_("Sri Lanka"), 7.9, 80.7),
    "LU": Country(_("Luxembourg"), 49.8, 6.1),
    "MM": Country(_("Myanmar"), 21.0, 96.0),
    "MN": Country(_("Mongolia"), 46.9, 103.8),
    "MX": Country(_("Mexico"), 23.6, -102.5),
    "MY": Country(_("Malaysia"), 4.2, 102.0),
    "NG": Country(_("Nigeria"), 9.1, 8.7),
    "NL": Country(_("Netherlands"), 52.1, 5.3),
    "NO": Country(_("Norway"), 61.0, 9.0),
    "NZ": Country(_("New Zealand"), -41.0, 174.0),
    "PE": Country(_("Peru"), -9.2, -75.0),
    "PH": Country(_("Philippines"), 12.9, 122.0),
    "PK": Country(_("Pakistan"), 30.4, 69.3),
    "PL": Country(_("Poland"), 52.0, 19.0),
    "PT": Country(_("Portugal"), 39.5, -8.0),
    "QA": Country(_("Qatar"), 25.3, 51.2),
    "RU": Country(_("Russian Federation"), 60.0, 90.0),
    "SA": Country(_("Saudi Arabia"), 24.0, 45.0),
    "SE": Country(_("Sweden"), 62.0, 15.0),
    "SG": Country(_("Singapore"), 1.35, 103.8),
    "TH": Country(_("Thailand"), 15.0, 101.0),
    "TL": Country(_("Timor-Leste"), -8.8, 125.7),
    "TR": Country(_("Türkiye"), 39.0, 35.0),
    "TW": Country(_("Chinese Taipei"), 23.7, 121.0),
    "UA": Country(_("Ukraine"), 49.0, 32.0),
    "US": Country(_("United States"), 39.0, -98.0),
    "VN": Country(_("Viet Nam"), 16.0, 107.8),
    "ZA": Country(_("South Africa"), -29.0, 24.0),
}


def country_name(code: str) -> str:
    """The country's name, or its code when it is not in the table."""
    country = COUNTRIES.get((code or "").upper())
    return str(country.name) if country else code


def country_choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in the active language, for form fields and filters."""
    return sorted(
        ((code, str(country.name)) for code, country in COUNTRIES.items()),
        key=lambda choice: choice[1].casefold(),
    )
