from django.shortcuts import render
from django.views.decorators.http import require_safe

from action_plans.calendar import reporting_year
from cities import selectors
from meetings import selectors as meeting_selectors
from reports.dashboards import home_figures


@require_safe
def home(request):
    meeting, meeting_is_upcoming = meeting_selectors.next_meeting()
    context = {
        "figures": home_figures(reporting_year()),
        "map_cities": selectors.cities_on_map(),
        "meeting": meeting,
        "meeting_is_upcoming": meeting_is_upcoming,
        "opportunities": selectors.open_opportunities(),
    }
    return render(request, "home.html", context)
