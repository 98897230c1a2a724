from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from action_plans.calendar import public_year
from cities import selectors
from meetings import selectors as meeting_selectors
from reports.dashboards import home_figures
from reports.open_data.dcat import dcat_catalog
from reports.open_data.files import open_data_file


@require_safe
def home(request):
    meeting, meeting_is_upcoming = meeting_selectors.next_meeting()
    context = {
        "figures": home_figures(public_year()),
        "map_cities": selectors.cities_on_map(),
        "meeting": meeting,
        "meeting_is_upcoming": meeting_is_upcoming,
        "opportunities": selectors.latest_open_opportunities(),
    }
    return render(request, "home.html", context)


@require_safe
def open_data_catalog(request):
    """The DCAT-AP catalogue of the open data (JSON-LD), at a stable address for harvesters."""
    response = JsonResponse(dcat_catalog(), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


@require_safe
def open_data_file_view(request, name: str, file_format: str):
    """One open-data table as CSV or JSON: what anonymous visitors may read, nothing more."""
    text = open_data_file(name, file_format) if file_format in ("csv", "json") else None
    if text is None:
        raise Http404
    content_type = "text/csv" if file_format == "csv" else "application/json"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.{file_format}"'
    return response
