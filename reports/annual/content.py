"""The contents of the annual progress report, as plain JSON-ready data (SPEC §2 reports).

The network-wide parts come from the roll-up selectors; each city's annex is built on its own
(`city_annex`) so that the report job can compute the annexes in parallel tasks. Nothing here
depends on the clock: the same data gives the same content, hence the same HTML and JSON.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from action_plans.models import (
    ActionPlan,
    FocusArea,
    GesiGroup,
    Indicator,
    IndicatorValue,
    PlanPublication,
    PlanStatus,
    Project,
    Stage,
    StrategicOutcome,
)
from cities.models import Appointment, City, Country
from learning.selectors import published_case_studies_by_project
from meetings.models import Decision, Meeting
from partners.models import Opportunity, Partnership, Twinning
from reports import dashboards
from reports import selectors as s
from reports.tables import Table

SCHEMA_VERSION = "1.0"


def number(value) -> float | None:
    """Decimals as JSON numbers rounded to one decimal (stable text in HTML and JSON)."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1")))


def table_data(table: Table) -> dict:
    return {
        "name": table.name,
        "caption": str(table.caption),
        "headers": [str(h) for h in table.headers],
        "rows": [[_json_cell(v) for v in row] for row in table.rows],
    }


def _json_cell(value):
    if isinstance(value, Decimal):
        return number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if value is None or isinstance(value, int | float | bool) else str(value)


# --- Network-wide sections ----------------------------------------------------------------------


def summary(scope: s.Scope) -> dict:
    figures = dashboards.key_figures(scope)
    return {
        "member_cities": figures["cities"],
        "pilot_cities": City.objects.pilots().count(),
        "countries": Country.objects.count(),
        "plans_by_status": {str(label): n for label, n in figures["plans_by_status"]},
        "projects": figures["projects"],
        "projects_by_stage": {
            row["stage"]: row["projects"] for row in figures["projects_by_stage"]
        },
        "at_risk": figures["at_risk"],
        "delayed": figures["delayed"],
        "network_progress": number(figures["progress"]),
        "previous_year_progress": number(figures["previous_progress"]),
        "change": number(figures["change"]),
    }


def exhibits(scope: s.Scope) -> dict:
    return {
        "focus_areas": table_data(dashboards.exhibit_focus_areas(scope).table),
        "implementation": table_data(dashboards.exhibit_implementation(scope).table),
        "countries_by_focus_area": table_data(dashboards.exhibit_countries(scope).table),
        "progress_trend": table_data(dashboards.progress_trend(scope).table),
    }


def network_table(scope: s.Scope) -> dict:
    return table_data(dashboards.network_table(scope, dashboards.network_cities(scope, page=None)))


def focus_area_sections(scope: s.Scope) -> list[dict]:
    """One section per focus area: definition, share, one highlighted project per city."""
    shares = {row["code"]: row for row in s.focus_area_shares(scope)}
    progress = s.progress_by(scope, "focus_areas__code")
    best: dict[tuple[str, int], Project] = {}
    projects = list(
        s.scoped_projects(scope)
        .exclude(stage=Stage.CANCELLED)
        .select_related("plan__city__country")
        .prefetch_related("focus_areas")
        .order_by("plan__city__name", "title")
    )
    studies = published_case_studies_by_project(p.public_id for p in projects)
    for project in projects:
        project.case_study = studies.get(project.public_id)
        for area in project.focus_areas.all():
            key = (area.code, project.plan.city_id)
            current = best.get(key)
            if current is None or _highlight_rank(project) > _highlight_rank(current):
                best[key] = project
    sections = []
    for area in FocusArea.objects.order_by("position", "code"):
        highlights = sorted(
            (p for (code, _city), p in best.items() if code == area.code),
            key=lambda p: (p.plan.city.country.name, p.plan.city.name),
        )
        sections.append(
            {
                "code": area.code,
                "name": area.name,
                "definition": area.summary,
                "projects": shares.get(area.code, {}).get("projects", 0),
                "share": number(shares.get(area.code, {}).get("share")),
                "progress": number(progress.get(area.code, (None, 0))[0]),
                "highlights": [_project_brief(p) for p in highlights],
            }
        )
    return sections


def _highlight_rank(project: Project) -> tuple:
    """A project with a published case study tells the network most (issue 18); then progress."""
    return (project.case_study is not None, project.latest_percent or -1)


def _case_study_brief(case_study) -> dict | None:
    if case_study is None:
        return None
    url = settings.PORTAL_URL.rstrip("/") + case_study.get_absolute_url()
    return {"title": case_study.title, "url": url}


def _project_brief(project: Project) -> dict:
    return {
        "city": project.plan.city.name,
        "country": project.plan.city.country.name,
        "title": project.title,
        "summary": project.summary,
        "stage": project.stage,
        "percent_complete": project.latest_percent,
        "status": project.latest_status,
        "case_study": _case_study_brief(getattr(project, "case_study", None)),
    }


def outcome_sections(scope: s.Scope) -> list[dict]:
    progress = s.progress_by(scope, "outcomes__code")
    counts = dict(
        s.scoped_projects(scope)
        .order_by()
        .values_list("outcomes__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return [
        {
            "code": o.code,
            "name": o.name,
            "definition": o.summary,
            "projects": counts.get(o.code, 0),
            "progress": number(progress.get(o.code, (None,))[0]),
        }
        for o in StrategicOutcome.objects.order_by("position", "code")
    ]


def country_sections(scope: s.Scope) -> list[dict]:
    progress = s.progress_by(scope, "plan__city__country__code")
    counts = dict(
        s.scoped_projects(scope)
        .order_by()
        .values_list("plan__city__country__code")
        .annotate(n=Count("pk", distinct=True))
    )
    cities = dict(Country.objects.annotate(n=Count("cities")).values_list("code", "n"))
    return [
        {
            "code": c.code,
            "name": c.name,
            "cities": cities.get(c.code, 0),
            "projects": counts.get(c.code, 0),
            "progress": number(progress.get(c.code, (None,))[0]),
        }
        for c in Country.objects.order_by("name")
    ]


def inclusion(scope: s.Scope) -> dict:
    rows = {
        code: (n, budget)
        for code, n, budget in s.scoped_projects(scope)
        .order_by()
        .values_list("gesi_groups__code")
        .annotate(n=Count("pk", distinct=True), budget=Sum("budget_usd"))
    }
    groups = GesiGroup.objects.order_by("position")
    return table_data(
        Table(
            "inclusion",
            _("Inclusion: projects and budget per GESI target group"),
            [_("Target group"), _("Projects"), _("Budget (USD)")],
            [
                [g.name, rows.get(g.code, (0, None))[0], rows.get(g.code, (0, None))[1]]
                for g in groups
            ],
        )
    )


def framework(scope: s.Scope) -> dict:
    """Projects by ASCF enabler and key urban system, and by ASCAP 2026–2035 item."""
    return {
        "components": table_data(dashboards.components_table(scope)),
        "ascap": table_data(dashboards.ascap_table(scope)),
    }


def partnerships(scope: s.Scope) -> dict:
    # Twinnings with cities outside ASEAN and between ASCN cities are told apart (issue 18).
    active = Twinning.objects.filter(status=Twinning.Status.ACTIVE, start_year__lte=scope.year)
    twinnings = active.outside_asean()
    published = s.scope_projects_base(scope)
    titles = dict(published.values_list("origin", "title"))
    new = Partnership.objects.filter(
        start_year=scope.year, project__in=list(titles)
    ).select_related("partner", "project__plan__city")
    opportunities = Opportunity.objects.filter(created_at__year=scope.year)
    return {
        "twinnings": table_data(
            Table(
                "twinnings",
                _("Active twinnings"),
                [_("ASCN city"), _("Counterpart"), _("Country"), _("Partner"), _("Since")],
                [
                    [
                        t.city.name,
                        t.counterpart_city,
                        t.counterpart_country,
                        t.partner.name if t.partner else "",
                        t.start_year,
                    ]
                    for t in twinnings.select_related("city", "partner").order_by(
                        "city__name", "counterpart_city"
                    )
                ],
            )
        ),
        "twinnings_asean": table_data(
            Table(
                "twinnings_asean",
                _("Active twinnings between ASCN cities"),
                [_("ASCN city"), _("Counterpart"), _("Country"), _("Since")],
                [
                    [t.city.name, t.counterpart_city, t.counterpart_country, t.start_year]
                    for t in active.within_asean()
                    .select_related("city")
                    .order_by("city__name", "counterpart_city")
                ],
            )
        ),
        "new_partnerships": table_data(
            Table(
                "new_partnerships",
                _("Partnerships formed in %(year)s") % {"year": scope.year},
                [_("Partner"), _("City"), _("Project")],
                [
                    [p.partner.name, p.project.plan.city.name, titles[p.project_id]]
                    for p in new.order_by("partner__name", "project__plan__city__name", "pk")
                ],
            )
        ),
        "opportunities_opened": opportunities.count(),
        "opportunities_matched": opportunities.filter(status=Opportunity.Status.MATCHED).count(),
    }


def meetings(scope: s.Scope) -> dict:
    year_meetings = (
        Meeting.objects.filter(year=scope.year)
        .select_related("host_country", "host_city")
        .order_by("start_date")
    )
    decisions = (
        Decision.objects.filter(
            Q(meeting__year=scope.year)
            | (Q(meeting__year__lt=scope.year) & ~Q(status__in=["done", "dropped"]))
        )
        .select_related("meeting", "owner_city", "owner_country")
        .order_by("due_date", "pk")
    )
    return {
        "meetings": table_data(
            Table(
                "meetings",
                _("Meetings of %(year)s") % {"year": scope.year},
                [_("Meeting"), _("Dates"), _("Host"), _("Format"), _("Theme")],
                [
                    [
                        m.title,
                        f"{m.start_date:%Y-%m-%d}" if m.start_date else _("to be announced"),
                        _host(m),
                        m.get_format_display(),
                        m.theme,
                    ]
                    for m in year_meetings
                ],
            )
        ),
        "decisions": table_data(
            Table(
                "decisions",
                _("Decisions and their follow-up"),
                [_("Meeting"), _("Decision"), _("Owner"), _("Due"), _("Status")],
                [
                    [d.meeting.title, d.text, d.owner, d.due_date, d.get_status_display()]
                    for d in decisions
                ],
            )
        ),
    }


def _host(meeting: Meeting) -> str:
    place = meeting.host_city.name if meeting.host_city else meeting.venue
    country = meeting.host_country.name if meeting.host_country else ""
    return ", ".join(p for p in (place, country) if p)


def data_quality(scope: s.Scope) -> dict:
    return {
        "missing_updates": table_data(dashboards.missing_updates_table(scope, limit=None)),
        "overdue_milestones": table_data(dashboards.overdue_milestones_table(scope, limit=None)),
        "indicators_without_values": table_data(
            dashboards.empty_indicators_table(scope, limit=None)
        ),
    }


def appendices(scope: s.Scope) -> dict:
    projects = (
        s.scoped_projects(scope)
        .select_related("plan__city__country")
        .prefetch_related("focus_areas")
        .order_by("plan__city__country__name", "plan__city__name", "title")
    )
    live, done = [], []
    for project in projects:
        if project.stage in (Stage.ONGOING, Stage.PLANNING):
            live.append(project)
        elif project.stage == Stage.COMPLETED:
            done.append(project)
    headers = [_("No."), _("Country"), _("City"), _("Project"), _("Focus Area"), _("Status")]

    def rows(items):
        return [
            [
                i,
                p.plan.city.country.name,
                p.plan.city.name,
                p.title,
                ", ".join(a.name for a in p.focus_areas.all()),
                p.get_stage_display(),
            ]
            for i, p in enumerate(items, start=1)
        ]

    return {
        "a": table_data(
            Table("appendix_a", _("Appendix A: ongoing and planning projects"), headers, rows(live))
        ),
        "b": table_data(
            Table("appendix_b", _("Appendix B: completed projects"), headers, rows(done))
        ),
    }


# --- Per-city annex (computed by one task per city) -----------------------------------------------


# The report is English whatever language the request that queued it used (a job run eagerly
# inside that request would inherit it): the same data gives the same content and hash.
@translation.override("en")
def city_annex(city_id: int, year: int, *, publications: tuple[int, ...] | None = None) -> dict:
    city = City.objects.select_related("country").get(pk=city_id)
    scope = s.Scope(year=year, city=city.slug, published_only=True, publications=publications)
    values = IndicatorValue.objects.filter(year__lte=year).order_by("-year")
    projects = (
        s.scoped_projects(scope)
        .select_related("plan")
        .prefetch_related(
            "focus_areas",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("name").prefetch_related(
                    Prefetch("values", queryset=values)
                ),
            ),
        )
        .order_by("position", "title")
    )
    csco = Appointment.objects.current().filter(kind="csco", city=city).first()
    progress = s.network_progress(scope)
    published = s.scope_projects_base(scope).filter(plan__city=city).exists()
    return {
        "slug": city.slug,
        "name": city.name,
        "local_name": city.local_name,
        "country": city.country.name,
        "csco": csco.person_name if csco else None,
        "plan_status": PlanStatus.PUBLISHED if published else None,
        "progress": number(progress),
        "projects": [
            {
                "title": p.title,
                "focus_areas": [a.name for a in p.focus_areas.all()],
                "stage": p.stage,
                "percent_complete": p.latest_percent,
                "status": p.latest_status,
                "budget_usd": number(p.budget_usd),
                "indicators": [_indicator(i) for i in p.indicators.all()],
            }
            for p in projects
        ],
    }


def _indicator(indicator: Indicator) -> dict:
    latest = next(iter(indicator.values.all()), None)
    achieved = None
    if latest and indicator.target_value is not None and indicator.baseline_value is not None:
        span = indicator.target_value - indicator.baseline_value
        if span:
            achieved = number((latest.value - indicator.baseline_value) * 100 / span)
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": number(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "target": number(indicator.target_value),
        "target_year": indicator.target_year,
        "latest": number(latest.value) if latest else None,
        "latest_year": latest.year if latest else None,
        "achieved_percent": achieved,
    }


def _annex_cities(year: int):
    """The cities with an annex: the members of that year, by country, then city."""
    return City.objects.filter(joined_year__lte=year).order_by("country__name", "name")


def annex_city_ids(year: int) -> list[int]:
    return list(_annex_cities(year).values_list("pk", flat=True))


def annex_index(year: int) -> list[dict]:
    """The city annexes' names and countries, in annex order (the PDF's list of annexes)."""
    return [
        {"name": name, "country": country}
        for name, country in _annex_cities(year).values_list("name", "country__name")
    ]


def report_basis(year: int) -> dict:
    """What a report of `year` is built from: the latest publication of each member city's plan
    (recorded so the report can say which it used) and, for ASEC's eyes only, the plans that are
    not published as they stand (never published, or a revision in progress)."""
    plans = (
        ActionPlan.objects.filter(
            city__joined_year__lte=year, period__start_year__lte=year, period__end_year__gte=year
        )
        .select_related("city", "period")
        .prefetch_related(
            Prefetch("publications", queryset=PlanPublication.objects.order_by("-revision"))
        )
        .order_by("city__name")
    )
    used, awaiting = [], []
    for plan in plans:
        latest = next(iter(plan.publications.all()), None)
        if latest is not None:
            used.append(
                {
                    "plan": plan.pk,
                    "city": plan.city.name,
                    "publication": latest.pk,
                    "revision": latest.revision,
                    "published_at": latest.published_at.isoformat(),
                }
            )
        if latest is None or plan.status != PlanStatus.PUBLISHED:
            awaiting.append(
                {
                    "plan": plan.pk,
                    "city": plan.city.name,
                    "status": plan.status,
                    "revision": plan.revision,
                    "published_revision": latest.revision if latest else None,
                }
            )
    return {"publications": used, "awaiting_publication": awaiting}


# --- The whole report -------------------------------------------------------------------------


@translation.override("en")
def network_content(year: int, *, publications: tuple[int, ...] | None = None) -> dict:
    """The network sections, from what ASEC published only: the given publications (those the
    job recorded at its start) or else each plan's latest."""
    scope = s.Scope(year=year, published_only=True, publications=publications)
    return {
        "schema_version": SCHEMA_VERSION,
        "year": year,
        "summary": summary(scope),
        "exhibits": exhibits(scope),
        "network": network_table(scope),
        "focus_areas": focus_area_sections(scope),
        "outcomes": outcome_sections(scope),
        "countries": country_sections(scope),
        "inclusion": inclusion(scope),
        "framework": framework(scope),
        "partnerships": partnerships(scope),
        "meetings": meetings(scope),
        "data_quality": data_quality(scope),
        "appendices": appendices(scope),
    }


def assemble(network: dict, annexes: list[dict]) -> dict:
    content = {**network, "city_annexes": annexes}
    content["data_hash"] = data_hash(content)
    return content


def data_hash(content: dict) -> str:
    """SHA-256 of the canonical JSON of the content (without the hash itself)."""
    body = {k: v for k, v in content.items() if k != "data_hash"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
