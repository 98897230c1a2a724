"""Fictional people: CSCO and national representative appointments, and the demo accounts."""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from accounts.models import Role, User
from cities.models import Appointment, City, Country
from demo.vocabulary import ALTERNATE_TITLE, CSCO_TITLES, NAME_PARTS, NR_TITLE
from partners.models import Partner

ADB_SLUG = "asian-development-bank"
# The accounts of SPEC §3 that are not a city's CSCO or a country's national representative.
OFFICIALS = {"official-da-nang": "da-nang", "official-bangkok": "bangkok"}


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    family_first: bool

    @property
    def name(self) -> str:
        parts = (self.family, self.given) if self.family_first else (self.given, self.family)
        return " ".join(parts)

    @property
    def email(self) -> str:
        return f"{slugify(self.name).replace('-', '.')}@example.org"


class NameDeck:
    """Deals fictional names per country without repeating one before the deck runs out."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._decks: dict[str, list[Person]] = {}

    def person(self, country_code: str) -> Person:
        deck = self._decks.get(country_code)
        if not deck:
            given, family, family_first = NAME_PARTS.get(country_code, NAME_PARTS["SG"])
            deck = [Person(g, f, family_first) for g, f in itertools.product(given, family)]
            self._rng.shuffle(deck)
            self._decks[country_code] = deck
        return deck.pop()


def _day(rng: random.Random, start: datetime.date, span_days: int) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(span_days))


@dataclass(frozen=True)
class Appointed:
    """An appointment with the fictional person holding it."""

    appointment: Appointment
    person: Person


def city_appointments(city: City, deck: NameDeck, rng: random.Random) -> list[Appointed]:
    """The city's current CSCO, and for some cities the one before."""
    first_start = _day(rng, datetime.date(max(city.joined_year - 1, 2018), 5, 1), 120)
    rows = []
    start = first_start
    if city.joined_year <= 2020 and rng.random() < 0.4:
        end = _day(rng, datetime.date(rng.randint(2020, 2023), 1, 1), 330)
        rows.append(_csco(city, deck, rng, first_start, end))
        start = end + datetime.timedelta(days=1)
    rows.append(_csco(city, deck, rng, start, None))
    return rows


def _csco(city, deck, rng, start, end) -> Appointed:
    person = deck.person(city.country.code)
    appointment = Appointment(
        kind=Appointment.Kind.CSCO,
        country=city.country,
        city=city,
        person_name=person.name,
        title=f"{rng.choice(CSCO_TITLES)}, {city.name}",
        email=person.email,
        start_date=start,
        end_date=end,
    )
    return Appointed(appointment, person)


def country_appointments(country: Country, deck: NameDeck, rng: random.Random) -> list[Appointed]:
    """A current national representative and alternate; some countries had one before."""
    since = datetime.date(max(country.asean_member_since, 2018), 4, 2)
    start = _day(rng, since, 60)
    rows = []
    if country.asean_member_since <= 2018 and rng.random() < 0.5:
        end = _day(rng, datetime.date(rng.randint(2021, 2023), 1, 1), 330)
        rows.append(_rep(country, Appointment.Kind.NATIONAL_REP, deck, start, end))
        start = end + datetime.timedelta(days=1)
    rows.append(_rep(country, Appointment.Kind.NATIONAL_REP, deck, start, None))
    rows.append(_rep(country, Appointment.Kind.ALTERNATE_REP, deck, _day(rng, since, 200), None))
    return rows


def _rep(country, kind, deck, start, end) -> Appointed:
    person = deck.person(country.code)
    title = NR_TITLE if kind == Appointment.Kind.NATIONAL_REP else ALTERNATE_TITLE
    appointment = Appointment(
        kind=kind,
        country=country,
        person_name=person.name,
        title=title,
        email=person.email,
        start_date=start,
        end_date=end,
    )
    return Appointed(appointment, person)


@dataclass
class Accounts:
    """The demo users by role, for the generators to name as actors."""

    admin: User
    asec: User
    csco: dict[int, User] = field(default_factory=dict)  # by city id
    national_rep: dict[int, User] = field(default_factory=dict)  # by country id
    officials: dict[int, User] = field(default_factory=dict)  # by city id
    partners: dict[int, User] = field(default_factory=dict)  # by partner id

    def count(self) -> int:
        return 2 + sum(map(len, (self.csco, self.national_rep, self.officials, self.partners)))


def csco_username(city: City) -> str:
    return f"csco-{city.slug}"


def nr_username(country: Country) -> str:
    return f"nr-{country.code.lower()}"


def demo_usernames(cities, countries) -> set[str]:
    """Every username the demo creates for these cities and countries."""
    names = {"admin", "asec", "partner-adb", *OFFICIALS}
    names.update(csco_username(c) for c in cities)
    names.update(nr_username(c) for c in countries)
    return names


def demo_accounts_upsert(
    *, appointed: list[Appointed], cities: list[City], deck: NameDeck
) -> Accounts:
    """Create (or reset) every demo account, all with the DEMO_PASSWORD.

    SPEC §3 names eight accounts; the CSCO of every city (`csco-<city>`) and the national
    representative of every country (`nr-<code>`) get one as well, so that each plan's workflow
    has its real actors. They carry the names of the current appointments they are linked to.
    """
    wanted = _wanted_users(appointed, cities, deck)
    existing = {u.username: u for u in User.objects.filter(username__in=wanted)}
    password = make_password(settings.DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    new, changed = [], []
    for username, fields in wanted.items():
        user = existing.get(username) or User(username=username)
        for name, value in {**USER_DEFAULTS, **fields, "password": password}.items():
            setattr(user, name, value)
        (changed if user.pk else new).append(user)
    User.objects.bulk_create(new)
    User.objects.bulk_update(changed, [*USER_DEFAULTS, "password"])
    users = {u.username: u for u in new + changed}
    _link_appointments(appointed, users)
    return _accounts(users.values())


USER_DEFAULTS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "role": Role.NONE,
    "city": None,
    "country": None,
    "partner": None,
    "is_superuser": False,
    "is_staff": False,
    "is_active": True,
}


def _wanted_users(appointed: list[Appointed], cities, deck) -> dict[str, dict]:
    wanted = {
        "admin": {**_named("admin", deck.person("ID")), "is_superuser": True, "is_staff": True},
        "asec": {**_named("asec", deck.person("ID")), "role": Role.ASEC},
    }
    for row in appointed:
        username = _account_of(row.appointment)
        if username:
            wanted[username] = {**_named(username, row.person), **_affiliation(row.appointment)}
            row.appointment.email = _email(username)
    by_slug = {c.slug: c for c in cities}
    for username, slug in OFFICIALS.items():
        if slug in by_slug:
            city = by_slug[slug]
            person = deck.person(city.country.code)
            wanted[username] = {
                **_named(username, person),
                "role": Role.CITY_OFFICIAL,
                "city": city,
            }
    adb = Partner.objects.filter(slug=ADB_SLUG).first()
    if adb:
        person = deck.person("PH")
        wanted["partner-adb"] = {
            **_named("partner-adb", person),
            "role": Role.PARTNER,
            "partner": adb,
        }
    return wanted


def _account_of(appointment: Appointment) -> str | None:
    """The demo account of a current CSCO or national representative."""
    if appointment.end_date is not None:
        return None
    if appointment.kind == Appointment.Kind.CSCO:
        return csco_username(appointment.city)
    if appointment.kind == Appointment.Kind.NATIONAL_REP:
        return nr_username(appointment.country)
    return None


def _affiliation(appointment: Appointment) -> dict:
    if appointment.kind == Appointment.Kind.CSCO:
        return {"role": Role.CSCO, "city": appointment.city}
    return {"role": Role.NATIONAL_REP, "country": appointment.country}


def _named(username: str, person: Person) -> dict:
    return {"first_name": person.given, "last_name": person.family, "email": _email(username)}


def _email(username: str) -> str:
    return f"{username}@example.org"


def _link_appointments(appointed: list[Appointed], users: dict[str, User]) -> None:
    for row in appointed:
        username = _account_of(row.appointment)
        if username:
            row.appointment.user = users[username]


def _accounts(users) -> Accounts:
    by_name = {u.username: u for u in users}
    accounts = Accounts(admin=by_name["admin"], asec=by_name["asec"])
    for user in users:
        if user.role == Role.CSCO:
            accounts.csco[user.city_id] = user
        elif user.role == Role.NATIONAL_REP:
            accounts.national_rep[user.country_id] = user
        elif user.role == Role.CITY_OFFICIAL:
            accounts.officials[user.city_id] = user
        elif user.role == Role.PARTNER:
            accounts.partners[user.partner_id] = user
    return accounts
