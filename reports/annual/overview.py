"""The report's opening sections: 1. Executive summary, 2. Exhibits, 3. The network.

They are the dashboards' key figures and tables (reports/dashboards.py) as ASEC published them,
so the report and the portal's dashboards never tell two stories.
"""

from __future__ import annotations

from cities.models import City, Country
from reports import dashboards
from reports.annual.sections import Exhibits, Summary, TableData, number, table_data
from reports.selectors import Scope


def summary(scope: Scope) -> Summary:
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


def exhibits(scope: Scope) -> Exhibits:
    return {
        "focus_areas": table_data(dashboards.exhibit_focus_areas(scope).table),
        "implementation": table_data(dashboards.exhibit_implementation(scope).table),
        "countries_by_focus_area": table_data(dashboards.exhibit_countries(scope).table),
        "progress_trend": table_data(dashboards.progress_trend(scope).table),
    }


def network_table(scope: Scope) -> TableData:
    # page=None: the report lists every member city, where the dashboard pages them.
    return table_data(dashboards.network_table(scope, dashboards.network_cities(scope, page=None)))
