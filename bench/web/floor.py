"""Floor views: the least Django can do to serve the same rows as a portal page or API list, in
the same process and through the same middleware (`.values()` + JsonResponse, or a minimal
template). The ratio portal ÷ floor is what bench/web.py reports."""

from django.db.models import Count, Q
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
from cities.models import Appointment, City
from cities.selectors import REPRESENTATIVE_KINDS
from meetings.models import Meeting
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


def _page(request, rows):
    number = int(request.GET.get("page", 1))
    size = int(request.GET.get("page_size", PAGE))
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


def _columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]
