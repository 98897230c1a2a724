"""Reads of the marketplace for pages, the API and matchmaking, with flat query counts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from action_plans.models import (
    FocusArea,
    FundingSource,
    ProgressUpdate,
    Stage,
    UpdateStatus,
    same_project,
)
from action_plans.selectors import projects_as_seen
from cities.models import City
from core import policy
from core.api.rows import translated, translated_columns
from partners.countries import country_name
from partners.models import (
    Interest,
    Opportunity,
    Partner,
    Partnership,
    SupportType,
    Twinning,
)

# --- Partners ---------------------------------------------------------------------------------


def partner_directory(
    *, search: str = "", kind: str = "", country: str = "", focus_area: str = "", support: str = ""
) -> QuerySet[Partner]:
    """The directory; `focus_area` and `support` are codes. The names of a page's focus areas
    and support come with `with_vocabulary_names`."""
    partners = Partner.objects.all()
    if search:
        partners = partners.filter(Q(name__icontains=search) | Q(summary__icontains=search))
    if kind:
        partners = partners.filter(kind=kind)
    if country:
        partners = partners.filter(country=country)
    if focus_area:
        partners = partners.filter(focus_areas__code=focus_area)
    if support:
        partners = partners.filter(support_offered__code=support)
    return partners.order_by("name", "pk")


# The vocabularies a partner or an opportunity is tagged with: the attribute their names go to.
VOCABULARY_NAMES = (("focus_area_names", FocusArea), ("support_names", SupportType))
FOCUS_AREA_NAMES = VOCABULARY_NAMES[:1]  # a twinning's


def with_vocabulary_names(
    owners: list, relation: str = "partners", vocabularies=VOCABULARY_NAMES
) -> list:
    """Each of `owners` (partners; opportunities with relation="opportunities"; twinnings, a
    model or a `TwinningRow`, with relation="twinnings" and only the focus areas) with the names
    of its terms of each of `vocabularies` ((attribute, model) pairs) as that attribute, in the
    vocabulary's order, in one query for the whole page: prefetching built a model and a related
    manager per owner and term (issue 21)."""
    names: dict[tuple[str, int], list[str]] = {}
    if owners:  # every vocabulary in one query (a UNION: a round trip fewer a page)
        ids = [owner.pk for owner in owners]
        reads = [
            vocabulary.objects.filter(**{f"{relation}__in": ids})
            .order_by()
            .annotate(attribute=Value(attribute))
            .values_list("attribute", relation, "name", "position", "code")
            for attribute, vocabulary in vocabularies
        ]
        rows = reads[0].union(*reads[1:], all=True) if len(reads) > 1 else reads[0]
        for attribute, owner_id, name, _position, _code in rows.order_by(
            "attribute", "position", "code"
        ):
            names.setdefault((attribute, owner_id), []).append(name)
    for owner in owners:
        for attribute, _vocabulary in vocabularies:
            setattr(owner, attribute, names.get((attribute, owner.pk), []))
    return owners


def partner_countries() -> list[tuple[str, str]]:
    """(code, name) of the countries partners come from, for the directory's filter."""
    # order_by() first: the model's ordering (by name) would make DISTINCT keep one row a partner.
    codes = (
        Partner.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()
    )
    return sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1].casefold())


def partner_page(*, partner: Partner, user) -> dict:
    partnerships = list(
        partner.partnerships.filter(project__in=policy.visible_project_ids(user))
        .prefetch_related("support")
        .order_by("-start_year", "pk")
    )
    shown = projects_as_seen(user, [p.project_id for p in partnerships])
    for partnership in partnerships:
        partnership.shown_project = shown[partnership.project_id]
    partnerships.sort(key=lambda p: (-(p.start_year or 0), p.shown_project.title))
    return {
        "partner": partner,
        "focus_areas": list(partner.focus_areas.order_by("position", "code")),
        "support_offered": list(partner.support_offered.all()),
        "twinnings": twinnings().filter(partner=partner),
        "partnerships": partnerships,
    }


# --- Twinnings --------------------------------------------------------------------------------


def twinnings() -> QuerySet[Twinning]:
    """Twinnings with their city, its country and their partner; the names of a page's focus
    areas come with `with_vocabulary_names(..., relation="twinnings", ...)`."""
    return Twinning.objects.select_related("city__country", "partner")


@dataclass
class TwinningRow:
    """A twinning as the twinnings page's table and map show it, read as a row: a model each for
    the twinning, its city, the city's country and its partner cost more than drawing the row
    (issue 21). `city_country` is the country's name in the language shown."""

    pk: int
    city_id: int
    city_slug: str
    city_name: str
    city_country: str
    latitude: Decimal
    longitude: Decimal
    counterpart_city: str
    counterpart_country: str
    partner_slug: str | None
    partner_name: str | None
    start_year: int
    status: str
    description: str

    def __str__(self) -> str:
        return f"{self.city_name} ↔ {self.counterpart_city}"  # as `Twinning.__str__`


_TWINNING_COLUMNS = {
    "pk": "pk",
    "city_id": "city_id",
    "city_slug": "city__slug",
    "city_name": "city__name",
    "latitude": "city__latitude",
    "longitude": "city__longitude",
    "counterpart_city": "counterpart_city",
    "counterpart_country": "counterpart_country",
    "partner_slug": "partner__slug",
    "partner_name": "partner__name",
    "start_year": "start_year",
    "status": "status",
    "description": "description",
}


def twinnings_as_rows(twinnings: QuerySet[Twinning]) -> list[TwinningRow]:
    """The twinnings (a page of them: the queryset may be sliced) as `TwinningRow`s."""
    country = "city__country__name"
    rows = twinnings.values(*_TWINNING_COLUMNS.values(), *translated_columns(country))
    return [
        TwinningRow(
            **{name: row[column] for name, column in _TWINNING_COLUMNS.items()},
            city_country=translated(row, country),
        )
        for row in rows
    ]


# --- Opportunities ----------------------------------------------------------------------------


def opportunity_browse(
    *, search: str = "", focus_area: str = "", support: str = "", country: str = "", city: str = ""
) -> QuerySet[Opportunity]:
    """Open opportunities for the public list; focus area, support, country by code, city by
    slug. With their city and country, not their project: the list does not show it, and the
    outer join read every project of the network to sort a page (1.8 ms for a page of 25 at
    ten times the network, 0.5 ms without; issue 21). The names of a page's focus areas and
    support come with `with_vocabulary_names(..., relation="opportunities")`."""
    opportunities = Opportunity.objects.open().select_related("city__country")
    if search:
        opportunities = opportunities.filter(
            Q(title__icontains=search) | Q(description__icontains=search)
        )
    if focus_area:
        opportunities = opportunities.filter(focus_areas__code=focus_area)
    if support:
        opportunities = opportunities.filter(support_sought__code=support)
    if country:
        opportunities = opportunities.filter(city__country__code=country)
    if city:
        opportunities = opportunities.filter(city__slug=city)
    return opportunities.order_by(F("closing_date").asc(nulls_last=True), "-created_at", "pk")


def opportunity_cities(*, also: str = "") -> list[tuple[str, str, str]]:
    """(country code, slug, name) of the cities with an open opportunity, for the list's filter,
    and of the city `also` (a slug): a link may name a city whose opportunities have all closed.
    Every city of the network made the filter half of the page at ten times it (issue 21)."""
    cities = Q(pk__in=Opportunity.objects.open().values("city"))
    if also:
        cities |= Q(slug=also)
    rows = City.objects.filter(cities).order_by("name", "slug")
    return list(rows.values_list("country__code", "slug", "name"))


def _with_vocabulary(opportunities: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return opportunities.prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position", "code")),
        "support_sought",
    )


def opportunity_page(*, opportunity: Opportunity, user) -> dict:
    interests = policy.visible_interests(user).filter(opportunity=opportunity)
    project = projects_as_seen(user, [opportunity.project_id]).get(opportunity.project_id)
    return {
        "opportunity": opportunity,
        "project": project,
        "focus_areas": list(opportunity.focus_areas.order_by("position", "code")),
        "support_sought": list(opportunity.support_sought.all()),
        "interests": interests.select_related("partner", "decided_by", "created_by").order_by(
            "created_at"
        ),
    }


def city_opportunities(city) -> QuerySet[Opportunity]:
    """All of a city's opportunities (any status) with their interests, for its inbox."""
    return (
        _with_vocabulary(Opportunity.objects.filter(city=city).select_related("project"))
        .prefetch_related(
            Prefetch(
                "interests",
                queryset=Interest.objects.select_related(
                    "partner", "decided_by", "created_by"
                ).order_by("created_at", "pk"),
            )
        )
        .order_by("status", F("closing_date").asc(nulls_last=True), "-created_at")
    )


def partner_interests(partner) -> QuerySet[Interest]:
    return (
        Interest.objects.filter(partner=partner)
        .select_related("opportunity__city__country", "decided_by")
        .order_by("-created_at", "-pk")
    )


# --- Recommendations --------------------------------------------------------------------------


def load_opportunity_vocabulary(opportunities: list[Opportunity]) -> None:
    """Load focus areas and support sought of already fetched opportunities (e.g. matches)."""
    prefetch_related_objects(
        opportunities,
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position", "code")),
        "support_sought",
    )


# --- A partner's portfolio ----------------------------------------------------------------------


def _latest_update(field: str) -> Subquery:
    updates = ProgressUpdate.objects.filter(project=same_project()).order_by("-year")
    return Subquery(updates.values(field)[:1])


def _open_needs() -> Subquery:
    opportunities = (
        Opportunity.objects.open()
        .filter(project=same_project())
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(opportunities, output_field=IntegerField()), 0)


def _funding_figures(project, partner) -> None:
    sources = list(project.funding_sources.all())
    by_status = {status: Decimal(0) for status in FundingSource.Status.values}
    for source in sources:
        by_status[source.status] += source.amount_usd
    project.funded_by_partner = any(s.partner_id == partner.pk for s in sources)
    project.funding_confirmed = by_status[FundingSource.Status.CONFIRMED]
    project.funding_pending = sum(by_status.values()) - project.funding_confirmed
    if project.budget_usd is None:
        project.funding_gap = None
    else:
        project.funding_gap = project.budget_usd - project.funding_confirmed


def partner_portfolio(*, partner: Partner, user) -> dict:
    """The projects a partner funds (its funding sources) or supports (partnerships), as the user
    may read them, with their progress, funding and open needs, and the progress roll-up."""
    supported = Partnership.objects.filter(partner=partner).values("project_id")
    rows = (
        policy.visible_projects(user)
        .filter(
            Q(funding_sources__partner=partner)
            | Q(pk__in=supported, origin__isnull=True)
            | Q(origin__in=supported)
        )
        .distinct()
        .select_related("plan__city__country")
        .prefetch_related(
            Prefetch("funding_sources", queryset=FundingSource.objects.order_by("position"))
        )
        .annotate(
            percent_complete=_latest_update("percent_complete"),
            progress_status=_latest_update("status"),
            open_needs=_open_needs(),
        )
        .order_by("plan__city__name", "title")
    )
    projects = list(rows)
    for project in projects:
        _funding_figures(project, partner)
        status = project.progress_status
        project.progress_status_label = UpdateStatus(status).label if status else ""
    return {"partner": partner, "projects": projects, "progress": _roll_up(projects)}


def _roll_up(projects) -> float | None:
    """Mean percent complete of the projects' latest updates, cancelled projects left out (the
    portal's progress rule)."""
    values = [
        p.percent_complete
        for p in projects
        if p.percent_complete is not None and p.stage != Stage.CANCELLED
    ]
    return round(sum(values) / len(values), 1) if values else None
