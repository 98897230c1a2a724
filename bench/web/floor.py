"""Floor views: the least Django can do to serve the same rows as a portal page or API list, in
the same process and through the same middleware (`.values()` + JsonResponse, or a minimal
template). The ratio portal ÷ floor is what bench/web.py reports."""

from django.http import HttpResponse, JsonResponse
from django.template import engines

from action_plans.models import ActionPlan, FundingSource, ProgressUpdate, Project
from cities.models import City
from partners.models import Partner

PAGE = 50
_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>"
    "<table>{% for row in rows %}<tr>{% for value in row.values %}<td>{{ value }}</td>"
    "{% endfor %}</tr>{% endfor %}</table></body></html>"
)


def _page(request, rows):
    number = int(request.GET.get("page", 1))
    size = int(request.GET.get("page_size", PAGE))
    return rows[(number - 1) * size : number * size]


def _html(request, title, rows):
    return HttpResponse(_TEMPLATE.render({"title": title, "rows": rows}, request))


def hello(request):
    return HttpResponse("Hello, world")


def cities(request):
    rows = City.objects.order_by("name").values(
        "name", "slug", "country__name", "country__code", "joined_year", "local_name"
    )
    return _html(request, "Cities", list(_page(request, rows)))


def city(request, slug):
    rows = City.objects.filter(slug=slug).values("name", "country__name", "joined_year")
    return _html(request, slug, list(rows))


def partners(request):
    rows = Partner.objects.order_by("name").values("name", "slug", "kind")
    return _html(request, "Partners", list(_page(request, rows)))


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
