"""Floor views: the least Django can do to serve the same rows as a portal page or API list, in
the same process and through the same middleware (`.values()` + JsonResponse, or a minimal
template). The ratio portal ÷ floor is what bench/web.py reports."""

from django.db.models import Count, F, Q
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.utils import timezone

from action_plans.models import (
    ActionPlan,
    FocusArea,
    FundingSource,
    ProgressUpdate,
    Project,
)
from cities.models import Appointment, City, Country
from cities.selectors import REPRESENTATIVE_KINDS
from meetings.models import Decision, Document, Meeting
from partners.models import Opportunity, Partner, SupportType, Twinning

PAGE = 50
_TABLE = (
    "<table>{% for row in rows %}<tr>{% for value in row.values %}<td>{{ value }}</td>"
    "{% endfor %}</tr>{% endfor %}</table>"
)
_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>"
    f"{_TABLE}</body></html>"
)
# A page that shows several sets of rows (a city, its plan, projects, updates...): one table each.
_TABLES = engines["django"].from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>"
    "{% for name, rows in tables %}<h2>{{ name }}</h2>" + _TABLE + "{% endfor %}</body></html>"
)


def _page(request, rows, size=None):
    number = int(request.GET.get("page", 1))
    size = size or int(request.GET.get("page_size", PAGE))
    return rows[(number - 1) * size : number * size]


def _html(request, title, rows):
    return HttpResponse(_TEMPLATE.render({"title": title, "rows": rows}, request))


def _tables(request, title, tables: dict):
    return HttpResponse(_TABLES.render({"title": title, "tables": list(tables.items())}, request))


def hello(request):
    return HttpResponse("Hello, world")


def cities(request):
    rows = City.objects.order_by("name").values(
        "name", "slug", "country__name", "country__code", "joined_year", "local_name"
    )
    return _html(request, "Cities", list(_page(request, rows)))


def city(request, slug):
    """The rows the city page shows, read plainly: the city, its CSCO and national
    representatives, its published plans (the period switcher) with the latest one's vision, that
    plan's published projects with their primary focus area, their progress updates, their focus
    areas, and the city's twinnings with their partners."""
    found = list(
        City.objects.filter(slug=slug).values(
            "id", "name", "local_name", "joined_year", "country_id", "country__name"
        )
    )
    city_row = found[0]
    appointments = Appointment.objects.filter(
        Q(city_id=city_row["id"])
        | Q(country_id=city_row["country_id"], kind__in=REPRESENTATIVE_KINDS)
    ).order_by("-start_date", "person_name")
    plans = list(
        ActionPlan.objects.filter(city_id=city_row["id"], published_revision__isnull=False)
        .order_by("period__start_year")
        .values("id", "period__code", "period__name", "published_revision", "published_vision")
    )
    projects = (
        list(
            Project.layers.published()
            .filter(plan_id=plans[-1]["id"])
            .order_by("position", "pk")
            .values("id", "origin_id", "title", "stage", "position", "primary_focus_area__name")
        )
        if plans
        else []
    )
    ids = [row["id"] for row in projects]
    # A published row's updates are its working project's (as on the page).
    working = [row["origin_id"] or row["id"] for row in projects]
    tables = {
        "city": found,
        "appointments": appointments.values("kind", "person_name", "start_date", "end_date"),
        "plans": plans,
        "projects": projects,
        "updates": ProgressUpdate.objects.filter(project_id__in=working)
        .order_by("project_id", "year")
        .values("project_id", "year", "percent_complete", "status"),
        "focus areas": Project.focus_areas.through.objects.filter(project_id__in=ids).values(
            "project_id", "focusarea__name"
        ),
        "twinnings": Twinning.objects.filter(city_id=city_row["id"]).values(
            "counterpart_city", "counterpart_country", "start_year", "status", "partner__name"
        ),
    }
    return _tables(request, city_row["name"], tables)


def home(request):
    """The rows the home page shows: the network's figures (members, published projects and
    plans), every city for the map, the next meeting and the latest open opportunities."""
    today = timezone.localdate()
    tables = {
        "members": [
            City.objects.aggregate(cities=Count("pk"), countries=Count("country", distinct=True))
        ],
        "projects": [{"published": Project.layers.published().count()}],
        "cities": City.objects.order_by("name").values(
            "name",
            "slug",
            "is_capital",
            "joined_year",
            "latitude",
            "longitude",
            "population",
            "country__code",
            "country__name",
        ),
        "meeting": Meeting.objects.filter(end_date__gte=today)
        .order_by("start_date")
        .values("title", "start_date", "end_date", "host_city__name", "host_country__name")[:1],
        "opportunities": Opportunity.objects.open()
        .order_by("-created_at", "-pk")
        .values("title", "city__name", "city__country__name", "closing_date")[:3],
    }
    return _tables(request, "ASEAN Smart Cities Network", tables)


def partners(request):
    """The rows the partner directory shows: a page of partners, their focus areas and support
    offered by name, and the two vocabularies of the filter."""
    page = list(
        _page(
            request,
            Partner.objects.order_by("name").values(
                "id", "name", "slug", "kind", "country", "summary"
            ),
        )
    )
    ids = [row["id"] for row in page]
    tables = {
        "partners": page,
        "focus areas": Partner.focus_areas.through.objects.filter(partner_id__in=ids).values(
            "partner_id", "focusarea__name"
        ),
        "support": Partner.support_offered.through.objects.filter(partner_id__in=ids).values(
            "partner_id", "supporttype__name"
        ),
        "focus area choices": FocusArea.objects.values("code", "name"),
        "support choices": SupportType.objects.values("code", "name"),
    }
    return _tables(request, "Partners", tables)


def opportunities(request):
    """The rows the opportunity list shows: a page of 25 open opportunities (soonest closing
    first) with their city and country, their focus areas and support sought by name, and the
    filter's four vocabularies (focus areas, support types, countries, cities)."""
    page = list(
        _page(
            request,
            Opportunity.objects.open()
            .order_by(F("closing_date").asc(nulls_last=True), "-created_at", "pk")
            .values(
                "id",
                "title",
                "description",
                "closing_date",
                "city__slug",
                "city__name",
                "city__country__name",
            ),
            size=25,
        )
    )
    ids = [row["id"] for row in page]
    tables = {
        "opportunities": page,
        "focus areas": Opportunity.focus_areas.through.objects.filter(
            opportunity_id__in=ids
        ).values("opportunity_id", "focusarea__name"),
        "support": Opportunity.support_sought.through.objects.filter(opportunity_id__in=ids).values(
            "opportunity_id", "supporttype__name"
        ),
        "focus area choices": FocusArea.objects.values("code", "name"),
        "support choices": SupportType.objects.values("code", "name"),
        "country choices": Country.objects.order_by("name").values("code", "name"),
        "city choices": City.objects.order_by("name").values("slug", "name"),
    }
    return _tables(request, "Opportunities", tables)


def meetings(request):
    """The rows the meeting list shows: upcoming meetings, a page of 25 past ones with their
    hosts, and the network's documents."""
    today = timezone.localdate()
    coming = Q(end_date__gte=today) | Q(start_date__isnull=True, year__gte=today.year)
    columns = (
        "id",
        "kind",
        "number",
        "title",
        "year",
        "start_date",
        "end_date",
        "format",
        "host_city__name",
        "host_country__name",
    )
    tables = {
        "upcoming": Meeting.objects.filter(coming)
        .order_by(F("start_date").asc(nulls_last=True), "pk")
        .values(*columns),
        "past": _page(
            request,
            Meeting.objects.exclude(coming)
            .order_by("-year", "-start_date", "-pk")
            .values(*columns),
            size=25,
        ),
        "documents": Document.objects.filter(meeting__isnull=True).values(
            "id", "title", "kind", "date"
        ),
    }
    return _tables(request, "Meetings", tables)


def twinnings(request):
    """The rows the twinning page shows: a page of 25 twinnings with cities outside ASEAN and a
    page of 25 between ASCN cities (each by its own parameter), with their ASCN city, country,
    counterpart (an ASCN city's name and link when it is one) and partner, and each list's
    count (its heading)."""
    rows = Twinning.objects.order_by("city__name", "counterpart_city", "pk").values(
        *_columns(Twinning),
        "city__name",
        "city__slug",
        "city__country__name",
        "counterpart_ascn_city__name",
        "counterpart_ascn_city__slug",
        "partner__name",
        "partner__slug",
    )
    outside = rows.filter(counterpart_ascn_city__isnull=True)
    within = rows.filter(counterpart_ascn_city__isnull=False)
    asean = int(request.GET.get("asean_page", 1))
    tables = {
        "twinnings": _page(request, outside, size=25),
        "between ASCN cities": within[(asean - 1) * 25 : asean * 25],
        "counts": [{"outside": outside.count(), "within": within.count()}],
    }
    return _tables(request, "Twinnings", tables)


def _json(request, rows, extra=None):
    """The page as JSON with the count, as DRF's pagination gives it (all columns of the rows)."""
    count = rows.count()
    page = list(_page(request, rows))
    if extra:
        extra(page)
    return JsonResponse({"count": count, "results": page})


def projects(request):
    rows = (
        Project.layers.published()
        .order_by("plan__city__name", "-plan__period__start_year", "position", "pk")
        .values(*_columns(Project), "plan__city__slug", "plan__city__country__code")
    )

    def codes(page):
        ids = [row["id"] for row in page]
        funding = {}
        for item in FundingSource.objects.filter(project_id__in=ids).values():
            funding.setdefault(item["project_id"], []).append(item)
        areas = {}
        for project_id, code in Project.focus_areas.through.objects.filter(
            project_id__in=ids
        ).values_list("project_id", "focusarea__code"):
            areas.setdefault(project_id, []).append(code)
        for row in page:
            row["funding"] = funding.get(row["id"], [])
            row["focus_areas"] = areas.get(row["id"], [])

    return _json(request, rows, codes)


def action_plans(request):
    rows = (
        ActionPlan.objects.filter(status="published")
        .order_by("city__name", "-period__start_year")
        .values(*_columns(ActionPlan), "city__slug", "city__country__code", "period__code")
    )
    return _json(request, rows)


def progress_updates(request):
    rows = ProgressUpdate.objects.order_by("project_id", "-year").values(
        *_columns(ProgressUpdate), "project__plan__city__slug", "project__plan__city__country__code"
    )
    return _json(request, rows)


def _codes(page, through, source: str, relations: dict) -> None:
    """Each row of `page` gets, under each key of `relations`, the codes its many-to-many
    `through` table (a model's `.through`) gives it: {key: (through, target field)}."""
    ids = [row["id"] for row in page]
    for key, (table, target) in relations.items():
        found: dict = {}
        for row_id, code in table.objects.filter(**{f"{source}__in": ids}).values_list(
            source, f"{target}__code"
        ):
            found.setdefault(row_id, []).append(code)
        for row in page:
            row[key] = found.get(row["id"], [])


def api_cities(request):
    rows = City.objects.order_by("name").values(*_columns(City), "country__code", "country__name")
    return _json(request, rows)


def api_partners(request):
    rows = Partner.objects.order_by("name").values(*_columns(Partner))

    def codes(page):
        _codes(
            page,
            Partner,
            "partner_id",
            {
                "focus_areas": (Partner.focus_areas.through, "focusarea"),
                "support_offered": (Partner.support_offered.through, "supporttype"),
            },
        )

    return _json(request, rows, codes)


def api_opportunities(request):
    rows = (
        Opportunity.objects.open()
        .order_by(*Opportunity._meta.ordering or ["pk"])
        .values(*_columns(Opportunity), "city__slug", "city__country__code")
    )

    def codes(page):
        _codes(
            page,
            Opportunity,
            "opportunity_id",
            {
                "focus_areas": (Opportunity.focus_areas.through, "focusarea"),
                "support_sought": (Opportunity.support_sought.through, "supporttype"),
            },
        )

    return _json(request, rows, codes)


def api_meetings(request):
    rows = Meeting.objects.order_by(*Meeting._meta.ordering or ["pk"]).values(
        *_columns(Meeting), "host_country__code", "host_city__slug"
    )

    def related(page):
        ids = [row["id"] for row in page]
        documents: dict = {}
        for item in Document.objects.filter(meeting_id__in=ids).values():
            documents.setdefault(item["meeting_id"], []).append(item)
        decisions: dict = {}
        for item in Decision.objects.filter(meeting_id__in=ids).values(
            *_columns(Decision), "owner_city__name", "owner_country__name"
        ):
            decisions.setdefault(item["meeting_id"], []).append(item)
        for row in page:
            row["documents"] = documents.get(row["id"], [])
            row["decisions"] = decisions.get(row["id"], [])

    return _json(request, rows, related)


def _columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]
