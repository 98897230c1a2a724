"""The real network's reference data: countries, cities, the ASCF, plan periods, chairs, Shepherd
terms, meetings, documents, partners and twinnings, loaded from the CSV files kept in
`reference/data/`.

`reference_data_load()` is idempotent: every row is found by its natural key, created when
missing, updated only when a value differs, and left alone otherwise, so a second run writes
nothing. Rows a file no longer lists are left alone too, except in the indicator catalogue, whose
file is the whole catalogue (see `indicator_catalogue`). Every row keeps its source: the file's
`sources` column (keys explained in `ascn_reference.md`), or the file itself when it has no such
column. Notes for the team inside public text ("Luang Prabang (unverified)") move to the row's
source, which pages show only as citations (reference.citations).
"""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import translation

from accounts.services import system_user
from action_plans.models import (
    Aggregation,
    CatalogueIndicator,
    Direction,
    FocusArea,
    Framework,
    FrameworkComponent,
    GesiGroup,
    PlanPeriod,
    StrategicOutcome,
)
from action_plans.services import catalogue_entries_retire
from cities.models import AseanChair, City, Country, ShepherdTerm
from core.cache import public_data_changed
from meetings.models import Document, Meeting
from partners.models import Partner, SupportType, Twinning
from reference.citations import without_internal_notes
from reference.vocabularies import vocabularies_ensure

REFERENCE_DIR = Path(settings.BASE_DIR) / "reference" / "data"

# The reference files name document kinds in the plural where the portal uses the singular.
DOCUMENT_KINDS = {"action_plans": Document.Kind.ACTION_PLAN}
# ascn_reference.md names S3, the ASCF document of 2018, as the source of ascf.csv.
ASCF_SOURCE = "S3"

CREATED, UPDATED, UNCHANGED, REMOVED = "created", "updated", "unchanged", "removed"


class ReferenceDataError(Exception):
    """A reference file that cannot be read as expected (names the file and line)."""


@dataclass
class LoadResult:
    """How many rows of each model a load created, updated or left unchanged."""

    counts: dict[str, Counter] = field(default_factory=lambda: {})

    def record(self, model: type[models.Model], outcome: str) -> None:
        label = str(model._meta.verbose_name_plural)
        self.counts.setdefault(label, Counter())[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def __str__(self) -> str:
        text = (
            f"{self.total(CREATED)} created, {self.total(UPDATED)} updated, "
            f"{self.total(UNCHANGED)} unchanged"
        )
        removed = self.total(REMOVED)
        return f"{text}, {removed} removed" if removed else text


def reference_data_load(*, directory: Path | None = None) -> LoadResult:
    """Create or update every reference row, in one transaction."""
    loader = _Loader(Path(directory or REFERENCE_DIR))
    # `name` of the translated vocabularies is the English one (settings.MODELTRANSLATION_*).
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        vocabularies_ensure()
        loader.load()
        public_data_changed()  # the public pages and API reads are rebuilt after commit
    return loader.result


class _Loader:
    def __init__(self, directory: Path):
        self.directory = directory
        self.result = LoadResult()

    def load(self) -> None:
        countries = self.countries()
        cities = self.cities(countries)
        self.framework()
        self.indicator_catalogue()
        self.periods()
        self.chairs(countries)
        self.shepherds(countries)
        meetings = self.meetings(countries, cities)
        self.documents(meetings)
        partners = self.partners()
        self.partner_roles(partners)
        self.twinnings(cities, partners)
        self.names_vi()

    # --- one method per file ------------------------------------------------------------------

    def countries(self) -> dict[str, int]:
        ids = {}
        for where, row in self.rows("countries.csv"):
            country = self.upsert(
                Country,
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "asean_member_since": self.integer(row, "asean_member_since", where),
                    "source": "countries.csv",
                },
            )
            ids[country.code] = country.pk
        return ids

    def cities(self, countries: dict[str, int]) -> dict[str, City]:
        cities = {}
        for where, row in self.rows("cities.csv"):
            cities[row["slug"]] = self.upsert(
                City,
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "local_name": row["local_name"],
                    "country_id": self.lookup(countries, row["country"], "country", where),
                    "is_capital": row["is_capital"] == "1",
                    "latitude": Decimal(row["latitude"]),
                    "longitude": Decimal(row["longitude"]),
                    "population": self.integer(row, "population", where, blank=True),
                    "population_source": row["population_source"],
                    "joined_year": self.integer(row, "joined_year", where),
                    "source": "cities.csv",
                },
            )
        return cities

    # The vocabularies' Vietnamese names (names_vi.csv), by kind and code; the source says whose.
    NAMED = {
        "country": Country,
        "outcome": StrategicOutcome,
        "focus_area": FocusArea,
        "enabler": FrameworkComponent,
        "urban_system": FrameworkComponent,
        "gesi_group": GesiGroup,
        "support_type": SupportType,
    }

    def names_vi(self) -> None:
        for where, row in self.rows("names_vi.csv"):
            model = self.NAMED.get(row["kind"])
            if model is None:
                raise ReferenceDataError(f"{where}: unknown kind {row['kind']!r}")
            obj = model.objects.filter(code=row["code"]).first()
            if obj is None:
                raise ReferenceDataError(f"{where}: unknown {row['kind']} {row['code']!r}")
            if not row["name_vi"].strip() or not row["source"].strip():
                raise ReferenceDataError(f"{where}: a Vietnamese name needs its name and source")
            if obj.name_vi != row["name_vi"]:
                obj.name_vi = row["name_vi"]
                obj.save(update_fields=["name_vi"])

    def framework(self) -> None:
        positions: Counter = Counter()
        for where, row in self.rows("ascf.csv"):
            kind = row["kind"]
            positions[kind] += 1
            defaults = {
                "name": row["name"],
                "summary": row["summary"],
                "position": positions[kind],
                "source": ASCF_SOURCE,
            }
            if kind == "outcome":
                self.upsert(StrategicOutcome, code=row["code"], defaults=defaults)
            elif kind == "focus_area":
                self.upsert(FocusArea, code=row["code"], defaults=defaults)
            elif kind in FrameworkComponent.Kind.values:
                self.upsert(
                    FrameworkComponent, code=row["code"], defaults={**defaults, "kind": kind}
                )
            else:
                raise ReferenceDataError(f"{where}: unknown kind {kind!r}")

    def indicator_catalogue(self) -> None:
        """Catalogue entries by their stable code; a code is never reused for another meaning.
        The file is the whole catalogue: an entry it no longer lists is retired first (its project
        indicators stay, as custom ones), so that a corrected code can take its place."""
        rows = list(self.rows("indicator_catalogue.csv"))
        for where, row in rows:
            self.choice(row, "framework", Framework, where)
            self.choice(row, "direction", Direction, where, blank=True)
            self.choice(row, "aggregation", Aggregation, where)
        stale = CatalogueIndicator.objects.exclude(code__in=[row["code"] for _where, row in rows])
        if stale.exists():
            for _code in catalogue_entries_retire(entries=stale, actor=system_user()):
                self.result.record(CatalogueIndicator, REMOVED)
        for _where, row in rows:
            self.upsert(
                CatalogueIndicator,
                code=row["code"],
                defaults={
                    "framework": row["framework"],
                    "reference": row["reference"],
                    "name": row["name"],
                    "unit": row["unit"],
                    "direction": row["direction"],
                    "aggregation": row["aggregation"],
                    "source": row["sources"],
                },
            )

    def periods(self) -> None:
        """The plan periods. Their status is set when created and then ASEC's (opening a period
        moves it on), so a second load does not turn the clock back."""
        for where, row in self.rows("plan_periods.csv"):
            values = {
                "name": row["name"],
                "start_year": self.integer(row, "start_year", where),
                "end_year": self.integer(row, "end_year", where),
                "aligns_to_ascap": row["aligns_to_ascap"] == "1",
                "source": row["sources"],
            }
            if not PlanPeriod.objects.filter(code=row["code"]).exists():
                values["status"] = row["status"]
            self.upsert(PlanPeriod, code=row["code"], defaults=values)

    def chairs(self, countries: dict[str, int]) -> None:
        for where, row in self.rows("asean_chairs.csv"):
            self.upsert(
                AseanChair,
                year=self.integer(row, "year", where),
                defaults={
                    "country_id": self.lookup(countries, row["country"], "country", where),
                    "source": "asean_chairs.csv",
                },
            )

    def shepherds(self, countries: dict[str, int]) -> None:
        """The Shepherd terms the reference data knows, by the date of the electing meeting."""
        for where, row in self.rows("shepherds.csv"):
            self.upsert(
                ShepherdTerm,
                start_date=self.date(row, "start_date", where),
                defaults={
                    "country_id": self.lookup(countries, row["country"], "country", where),
                    "kind": row["kind"],
                    "source": row["sources"],
                },
            )

    def meetings(self, countries: dict[str, int], cities: dict[str, City]) -> dict[int, int]:
        """Annual meetings are found by number, the others by kind and start date."""
        city_by_name = {(city.country_id, city.name): city.pk for city in cities.values()}
        annual_ids = {}
        for where, row in self.rows("meetings.csv"):
            notes: list[str] = []
            host_city = self.public(row, "host_city", notes)
            country_id = self.lookup(countries, row["host_country"], "country", where)
            city_id = city_by_name.get((country_id, host_city))
            number = self.integer(row, "number", where, blank=True)
            start_date = self.date(row, "start_date", where, blank=True)
            values = {
                "title": meeting_title(row["kind"], number, row["theme"]),
                "year": start_date.year if start_date else self.chair_year(row, where),
                "end_date": self.date(row, "end_date", where, blank=True),
                "host_country_id": country_id,
                "host_city_id": city_id,
                "venue": "" if city_id else host_city,
                "format": row["format"],
                "theme": row["theme"],
                "summary": self.public(row, "outcomes", notes),
                "source": "; ".join([row["sources"], *notes]),
            }
            if number is None:
                key = {"kind": row["kind"], "number": None, "start_date": start_date}
            else:
                key = {"kind": row["kind"], "number": number}
                values["start_date"] = start_date
            meeting = self.upsert(Meeting, defaults=values, **key)
            if meeting.kind == Meeting.Kind.ANNUAL:
                annual_ids[meeting.number] = meeting.pk
        return annual_ids

    def documents(self, annual_meetings: dict[int, int]) -> None:
        for where, row in self.rows("documents.csv"):
            number = self.integer(row, "adopted_at_meeting_number", where, blank=True)
            meeting_id = None
            if number is not None:
                meeting_id = self.lookup(annual_meetings, number, "annual meeting", where)
            self.upsert(
                Document,
                title=row["title"],
                date=self.date(row, "date", where),
                defaults={
                    "kind": DOCUMENT_KINDS.get(row["kind"], row["kind"]),
                    "meeting_id": meeting_id,
                    "adopted": meeting_id is not None,
                    "source": row["sources"],
                },
            )

    def partners(self) -> dict[str, int]:
        ids = {}
        for _where, row in self.rows("partners.csv"):
            partner = self.upsert(
                Partner,
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "kind": row["kind"],
                    "country": row["country"],
                    "summary": row["summary"],
                    "source": row["sources"],
                },
            )
            ids[partner.slug] = partner.pk
        return ids

    def partner_roles(self, partners: dict[str, int]) -> None:
        """Focus areas and support from each partner's documented role, so matchmaking has
        something to score on a clean install. Set only while a partner has none: ASEC's and the
        partner's own later choices are kept."""
        areas = dict(FocusArea.objects.values_list("code", "pk"))
        support = dict(SupportType.objects.values_list("code", "pk"))
        for where, row in self.rows("partner_roles.csv"):
            partner = Partner.objects.get(pk=self.lookup(partners, row["slug"], "partner", where))
            self._set_once(partner.focus_areas, areas, row["focus_areas"], where)
            self._set_once(partner.support_offered, support, row["support"], where)

    def _set_once(self, relation, ids: dict, codes: str, where: str) -> None:
        if relation.exists():
            return
        relation.set([self.lookup(ids, code, "code", where) for code in codes.split(";")])

    def twinnings(self, cities: dict[str, City], partners: dict[str, int]) -> None:
        for where, row in self.rows("twinnings.csv"):
            city = self.lookup(cities, row["ascn_city"], "city", where)
            partner_id = None
            if row["partner"]:
                partner_id = self.lookup(partners, row["partner"], "partner", where)
            self.upsert(
                Twinning,
                city_id=city.pk,
                counterpart_city=row["counterpart_city"],
                defaults={
                    "counterpart_country": row["counterpart_country"],
                    "partner_id": partner_id,
                    "start_year": self.integer(row, "start_year", where),
                    "status": Twinning.Status.ACTIVE,
                    "description": row["description"],
                    "source": row["sources"],
                },
            )

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def public(row: dict, column: str, notes: list[str]) -> str:
        """The column's text for the public; its notes for the team go to `notes`."""
        text, found = without_internal_notes(row[column])
        notes += [f"{column} {note}" for note in found]
        return text

    def upsert(self, model: type[models.Model], *, defaults: dict, **key) -> models.Model:
        """update_or_create that writes only what differs, and says which it did."""
        obj = model.objects.filter(**key).first()
        if obj is None:
            obj = model.objects.create(**key, **defaults)
            self.result.record(model, CREATED)
            return obj
        changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, defaults[name])
        if changed:
            obj.save(update_fields=changed)
        self.result.record(model, UPDATED if changed else UNCHANGED)
        return obj

    def rows(self, name: str):
        """(where, row) of a reference file, where = "file line N" for error messages."""
        path = self.directory / name
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                for line, row in enumerate(csv.DictReader(handle), start=2):
                    yield f"{name} line {line}", row
        except FileNotFoundError as exc:
            raise ReferenceDataError(f"Reference file {path} is missing.") from exc

    @staticmethod
    def choice(row: dict, column: str, choices, where: str, *, blank: bool = False) -> None:
        if row[column] in choices.values or (blank and not row[column]):
            return
        raise ReferenceDataError(f"{where}: unknown {column} {row[column]!r}")

    @staticmethod
    def lookup(ids: dict, key, what: str, where: str):
        try:
            return ids[key]
        except KeyError:
            raise ReferenceDataError(f"{where}: unknown {what} {key!r}") from None

    @staticmethod
    def integer(row: dict, column: str, where: str, *, blank: bool = False) -> int | None:
        value = row[column].strip()
        if blank and not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise ReferenceDataError(f"{where}: {column} {value!r} is not a number") from None

    def chair_year(self, row: dict, where: str) -> int:
        """A meeting announced without dates: the year its host country chairs ASEAN."""
        years = AseanChair.objects.filter(country__code=row["host_country"]).order_by("-year")
        year = years.values_list("year", flat=True).first()
        if year is None:
            raise ReferenceDataError(f"{where}: no date and no chair year for the host country")
        return year

    @staticmethod
    def date(row: dict, column: str, where: str, *, blank: bool = False) -> datetime.date | None:
        if blank and not row[column].strip():
            return None
        try:
            return datetime.date.fromisoformat(row[column])
        except ValueError:
            raise ReferenceDataError(f"{where}: {column} {row[column]!r} is not a date") from None


def meeting_title(kind: str, number: int | None, theme: str) -> str:
    """The English title, e.g. "3rd ASCN Annual Meeting"; other meetings are named by theme."""
    if kind == Meeting.Kind.ANNUAL:
        return f"{ordinal(number)} ASCN Annual Meeting"
    label = kind.replace("_", " ").capitalize()
    if label.lower() in theme.lower():
        return f"ASCN {theme}"
    return f"ASCN {label}: {theme}"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
