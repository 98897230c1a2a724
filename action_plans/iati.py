"""The IATI 2.03 activity file of the published projects (`GET /api/iati/activities.xml`).

Funders publish their own aid in IATI and read others' the same way. One activity per published
project; it reads the published layer only (what ASEC approved), in batches, and is written as a
stream so that the whole network's file never sits in memory.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from xml.sax.saxutils import XMLGenerator

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from action_plans.models import (
    CatalogueIndicator,
    Direction,
    DisaggregatedValue,
    Framework,
    FundingSource,
    Indicator,
    Project,
    Stage,
)
from core import policy

BATCH = 200

# ActivityStatus codelist: 1 pipeline/identification, 2 implementation, 3 finalisation, 5 cancelled.
ACTIVITY_STATUS = {
    Stage.PLANNING: "1",
    Stage.ONGOING: "2",
    Stage.COMPLETED: "3",
    Stage.CANCELLED: "5",
}
# ASCF focus areas as OECD DAC 5-digit purpose codes (Sector vocabulary 1).
SECTOR_OF_FOCUS_AREA = {
    "civic-social": "16010",  # social protection
    "health-well-being": "12110",  # health policy and administrative management
    "safety-security": "74010",  # disaster prevention and preparedness
    "quality-environment": "41010",  # environmental policy and administrative management
    "built-infrastructure": "43030",  # urban development and management
    "industry-innovation": "32182",  # technological research and development
}
DEFAULT_SECTOR = "43030"
# OrganisationType codelist, by the kind of a partner or funder.
ORGANISATION_TYPE = {
    "government": "10",
    "development_bank": "40",
    "international_org": "40",
    "private": "70",
    "academic": "80",
    "ngo": "21",
    "city_network": "90",
    "city": "11",
    "national_government": "10",
    "other": "90",
}
# FinanceType codelist by instrument (110 grant, 421 loan, 510 equity); the others have none.
FINANCE_TYPE = {"grant": "110", "loan": "421", "equity": "510"}
INCOMING_COMMITMENT = "11"
PARTS = DisaggregatedValue.objects.select_related("gesi_group")
# IndicatorVocabulary codelist: 9 UN SDG indicators, 99 the reporting organisation's own.
SDG_VOCABULARY, REPORTING_ORG_VOCABULARY = "9", "99"


def activity_identifier(project: Project) -> str:
    return f"{settings.IATI_REPORTING_ORG}-{project.public_id}"


def iati_projects(*, city: str = "", country: str = "", partner: str = "") -> QuerySet:
    """The published projects of the export, filtered by city slug, country code or partner."""
    projects = policy.public_projects()
    if city:
        projects = projects.filter(plan__city__slug=city)
    if country:
        projects = projects.filter(plan__city__country__code=country.upper())
    if partner:
        projects = projects.filter(
            Q(funding_sources__partner__slug=partner) | Q(origin__in=_supported_by(partner))
        ).distinct()
    return projects.order_by("pk")


def _supported_by(partner: str) -> QuerySet:
    """Working projects a partner supports: a partnership, or an interest the city accepted (a
    pending interest is between the partner and the city, not public)."""
    return Project.objects.filter(
        Q(partnerships__partner__slug=partner)
        | Q(
            opportunities__interests__partner__slug=partner,
            opportunities__interests__status="accepted",
        )
    ).values("pk")


def _batch(ids: list[int]) -> list[Project]:
    indicators = (
        Indicator.objects.select_related("catalogue")
        .prefetch_related("values", Prefetch("values__parts", queryset=PARTS))
        .order_by("pk")
    )
    return list(
        Project.layers.filter(pk__in=ids)
        # The publication's date only: its snapshot is the whole plan, decoded once per row.
        .annotate(published_at=F("publication__published_at"))
        .select_related("plan__city__country")
        .prefetch_related(
            "focus_areas",
            Prefetch("funding_sources", queryset=FundingSource.objects.select_related("partner")),
            Prefetch("indicators", queryset=indicators),
            # The partners supporting the working project (a partnership, or an interest the
            # city accepted), as the partner filter finds them: implementing partners here.
            "origin__partnerships__partner",
            "origin__opportunities__interests__partner",
        )
        .order_by("pk")
    )


def iati_activities_stream(projects: QuerySet) -> Iterator[str]:
    """The activity file in pieces: the header, one activity per project, the footer."""
    now = timezone.now().replace(microsecond=0).isoformat()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<iati-activities version="2.03" generated-datetime="{now}">\n'
    ids = list(projects.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        for project in _batch(ids[start : start + BATCH]):
            yield _activity(project)
        # Prefetched rows point at their parents and back: cycles that the collector would free
        # only on its own schedule, letting several batches pile up. Free each batch now.
        gc.collect()
    yield "</iati-activities>\n"


class _Writer:
    """Elements into a string, escaped by the standard library's SAX writer."""

    def __init__(self):
        self.buffer = StringIO()
        self.xml = XMLGenerator(self.buffer, encoding="utf-8", short_empty_elements=True)

    def open(self, name: str, /, **attrs) -> None:
        clean = {k.replace("__", ":").replace("_", "-"): str(v) for k, v in attrs.items()}
        self.xml.startElement(name, {k: v for k, v in clean.items() if v != "None"})

    def close(self, name: str) -> None:
        self.xml.endElement(name)

    def leaf(self, name: str, text: str = "", /, **attrs) -> None:
        # Positional-only: an attribute may be called `name` (`<dimension name=… value=…>`).
        self.open(name, **attrs)
        if text:
            self.xml.characters(text)
        self.close(name)

    def narrative(self, name: str, text: str, **attrs) -> None:
        self.open(name, **attrs)
        self.leaf("narrative", text)
        self.close(name)


def _activity(project: Project) -> str:
    w = _Writer()
    updated = project.published_at.replace(microsecond=0).isoformat()
    w.open("iati-activity", default_currency="USD", last_updated_datetime=updated, xml__lang="en")
    w.leaf("iati-identifier", activity_identifier(project))
    w.narrative("reporting-org", "ASEAN Secretariat", ref=settings.IATI_REPORTING_ORG, type="40")
    w.narrative("title", project.title)
    if project.summary:
        w.narrative("description", project.summary, type="1")
    _description_of_funding_sought(w, project)
    _participating_orgs(w, project)
    _other_identifiers(w, project)
    w.leaf("activity-status", code=ACTIVITY_STATUS[project.stage])
    _dates(w, project)
    w.leaf("recipient-country", code=project.plan.city.country.code, percentage="100")
    _sectors(w, project)
    _budget(w, project)
    _transactions(w, project)
    for indicator in project.indicators.all():
        _result(w, indicator)
    w.close("iati-activity")
    return w.buffer.getvalue() + "\n"


def _confirmed(project: Project) -> list[FundingSource]:
    return [s for s in project.funding_sources.all() if s.status == FundingSource.Status.CONFIRMED]


def _description_of_funding_sought(w: _Writer, project: Project) -> None:
    pending = [
        s for s in project.funding_sources.all() if s.status != FundingSource.Status.CONFIRMED
    ]
    if pending:
        text = "; ".join(
            f"{s.funder}: {s.get_instrument_display()} {s.amount} {s.currency} "
            f"({s.get_status_display()})"
            for s in pending
        )
        w.narrative("description", f"Funding not yet confirmed: {text}", type="4")


def _organisation_type(source: FundingSource) -> str:
    kind = source.partner.kind if source.partner_id else source.funder_kind
    return ORGANISATION_TYPE.get(kind, "90")


def _participating_orgs(w: _Writer, project: Project) -> None:
    for source in _confirmed(project):
        w.narrative(
            "participating-org",
            source.funder,
            role="1",
            type=_organisation_type(source),
            activity_id=source.iati_identifier or None,
        )
    implementer = project.lead_agency or project.plan.city.name
    w.narrative("participating-org", implementer, role="4", type="11")
    for partner in _supporting_partners(project):
        w.narrative(
            "participating-org", partner.name, role="4", type=ORGANISATION_TYPE[partner.kind]
        )


def _supporting_partners(project: Project) -> list:
    """The partners supporting the project (a partnership, or an interest the city accepted; a
    pending interest is between the partner and the city) that are not already named as its
    funders, by name. Role 4: they carry out part of the work (technical assistance, knowledge,
    solutions)."""
    working = project.origin
    if working is None:
        return []
    supporters = [p.partner for p in working.partnerships.all()] + [
        interest.partner
        for opportunity in working.opportunities.all()
        for interest in opportunity.interests.all()
        if interest.status == "accepted"
    ]
    funders = {s.partner_id for s in _confirmed(project) if s.partner_id}
    partners = {p.pk: p for p in supporters if p.pk not in funders}
    return sorted(partners.values(), key=lambda partner: partner.name)


def _other_identifiers(w: _Writer, project: Project) -> None:
    for source in project.funding_sources.all():
        if source.funder_reference:
            w.open("other-identifier", ref=source.funder_reference, type="A9")
            w.narrative("owner-org", source.funder)
            w.close("other-identifier")


def _years(project: Project) -> tuple[int, int]:
    start = project.start_year or project.plan.period_start
    return start, max(project.end_year or project.plan.period_end, start)


def _dates(w: _Writer, project: Project) -> None:
    start, end = _years(project)
    w.leaf("activity-date", iso_date=f"{start}-01-01", type="1")
    w.leaf("activity-date", iso_date=f"{end}-12-31", type="3")


def sector_shares(codes: list[str]) -> list[tuple[str, Decimal]]:
    """Each sector's percentage, adding up to exactly 100 (the rounding goes to the first)."""
    codes = list(dict.fromkeys(codes)) or [DEFAULT_SECTOR]
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    first = Decimal(100) - share * (len(codes) - 1)
    return [(code, first if i == 0 else share) for i, code in enumerate(codes)]


def _sectors(w: _Writer, project: Project) -> None:
    areas = sorted(project.focus_areas.all(), key=lambda area: (area.position, area.code))
    codes = [SECTOR_OF_FOCUS_AREA.get(area.code, DEFAULT_SECTOR) for area in areas]
    for code, percentage in sector_shares(codes):
        w.leaf("sector", code=code, vocabulary="1", percentage=f"{percentage.normalize():f}")


def _budget(w: _Writer, project: Project) -> None:
    if project.budget_usd is None:
        return
    start, end = _years(project)
    w.open("budget", type="1", status="1")
    w.leaf("period-start", iso_date=f"{start}-01-01")
    w.leaf("period-end", iso_date=f"{end}-12-31")
    w.leaf("value", f"{project.budget_usd:f}", currency="USD", value_date=f"{start}-01-01")
    w.close("budget")


def _transactions(w: _Writer, project: Project) -> None:
    day = project.published_at.date().isoformat()
    for source in _confirmed(project):
        w.open("transaction")
        w.leaf("transaction-type", code=INCOMING_COMMITMENT)
        w.leaf("transaction-date", iso_date=day)
        w.leaf("value", f"{source.amount:f}", currency=source.currency, value_date=day)
        w.narrative(
            "provider-org",
            source.funder,
            type=_organisation_type(source),
            provider_activity_id=source.iati_identifier or None,
        )
        if source.instrument in FINANCE_TYPE:
            w.leaf("finance-type", code=FINANCE_TYPE[source.instrument])
        w.close("transaction")


def _result(w: _Writer, indicator: Indicator) -> None:
    w.open("result", type="1", aggregation_status="0")
    w.narrative("title", indicator.name)
    w.open(
        "indicator",
        measure="2" if indicator.unit == "%" else "1",
        ascending="0" if indicator.direction == Direction.DECREASE else "1",
    )
    w.narrative("title", f"{indicator.name} ({indicator.unit})")
    if indicator.catalogue_id:
        w.leaf("reference", **indicator_reference(indicator.catalogue))
    if indicator.baseline_year is not None:
        value = "" if indicator.baseline_value is None else f"{indicator.baseline_value:f}"
        w.leaf("baseline", year=indicator.baseline_year, value=value or None)
    for year, target, actual in _periods(indicator):
        _period(w, year, target, actual)
    w.close("indicator")
    w.close("result")


def indicator_reference(catalogue: CatalogueIndicator) -> dict:
    """The indicator's code in its vocabulary: SDG indicators have their own (9); the portal's and
    ISO codes are the reporting organisation's (99), under their stable catalogue code."""
    if catalogue.framework == Framework.SDG:
        return {"vocabulary": SDG_VOCABULARY, "code": catalogue.reference}
    return {"vocabulary": REPORTING_ORG_VOCABULARY, "code": catalogue.code}


def _periods(indicator: Indicator) -> list[tuple[int, Decimal | None, object]]:
    """One period per year with a measured value or the target, in order."""
    actual = {v.year: v for v in indicator.values.all()}
    years = set(actual)
    if indicator.target_year is not None and indicator.target_value is not None:
        years.add(indicator.target_year)
    target_of = {indicator.target_year: indicator.target_value}
    return [(year, target_of.get(year), actual.get(year)) for year in sorted(years)]


def _period(w: _Writer, year: int, target, actual) -> None:
    w.open("period")
    w.leaf("period-start", iso_date=datetime.date(year, 1, 1).isoformat())
    w.leaf("period-end", iso_date=datetime.date(year, 12, 31).isoformat())
    if target is not None:
        w.leaf("target", value=f"{target:f}")
    if actual is not None:
        w.leaf("actual", value=f"{actual.value:f}")
        for part in actual.parts.all():
            _disaggregated(w, part)
    w.close("period")


def _disaggregated(w: _Writer, part) -> None:
    """A part of the year's value as one more `actual` with its dimensions (IATI 2.03)."""
    w.open("actual", value=f"{part.value:f}")
    if part.gesi_group_id:
        w.leaf("dimension", name="gesi-target-group", value=part.gesi_group.code)
    if part.sex:
        w.leaf("dimension", name="sex", value=part.sex)
    w.close("actual")
