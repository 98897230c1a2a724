from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from action_plans import calendar
from action_plans.models import FocusArea
from cities.models import City, Country
from core import policy
from core.pages import allow
from reports import dashboards
from reports.forms import DashboardFilterForm
from reports.reminders import update_reminders_send
from reports.tables import table_response


def _dashboard_scope(request) -> dict:
    """The user's forced filters; anonymous users sign in, others without a dashboard get 403."""
    fixed = policy.dashboard_scope(request.user)
    allow(request, fixed is not None)
    return fixed


def _exporting(request) -> bool:
    return bool(request.GET.get("export"))


def _page(request) -> int | None:
    """The page of cities to show; None (all of them) when exporting a table."""
    return None if _exporting(request) else request.GET.get("page", 1)


def _limit(request) -> int | None:
    return None if _exporting(request) else dashboards.LIST_LIMIT


def _period_switcher(form) -> dict:
    """Links that open each plan period's years (the dashboard's period switcher)."""
    if form is None:
        return {}
    year = form.scope().year
    return {"shown_year": year, "period_years": calendar.period_years(year)}


def _render(request, template, data, form, **context):
    export, table_name = request.GET.get("export"), request.GET.get("table")
    if export:
        tables = {t.name: t for t in dashboards.all_tables(data)}
        if export not in ("csv", "xlsx") or table_name not in tables:
            raise Http404(_("No such table to export."))
        return table_response(tables[table_name], export, filename=f"ascn-{table_name}")
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("table", None)
    query.pop("page", None)
    return render(
        request,
        template,
        {
            "data": data,
            "form": form,
            "query": query.urlencode(),
            "tables": dashboards.all_tables(data),
            **_period_switcher(form),
            **_drill_links(request.user, context),
            **context,
        },
    )


def _drill_links(user, context: dict) -> dict:
    """Where the dashboard leads next, within what the user may open: the countries (network
    dashboard, for those not narrowed to one), a country's cities, and the focus areas."""
    if context.get("city"):
        return {}
    country = context.get("country")
    narrowed = bool((policy.dashboard_scope(user) or {}).get("country"))
    return {
        "drill_countries": [] if country or narrowed else dashboards.drill_countries(),
        "drill_cities": dashboards.drill_cities(country) if country else [],
        "drill_areas": dashboards.drill_areas(),
    }


@login_required
def network(request):
    fixed = _dashboard_scope(request)
    if fixed.get("city"):
        return redirect("reports:city", slug=fixed["city"])
    if fixed.get("country"):
        return redirect("reports:country", code=fixed["country"])
    form = DashboardFilterForm(request.GET)
    scope = form.scope()
    return _render(
        request,
        "reports/dashboard.html",
        dashboards.network_dashboard(scope, page=_page(request)),
        form,
        heading=_("Network progress dashboard"),
        scope=scope,
    )


def _drill_down(request, wanted: dict, **context):
    """A dashboard narrowed to `wanted` filters; refused unless they include the user's own."""
    fixed = _dashboard_scope(request)
    allow(request, all(wanted.get(key) == value for key, value in fixed.items()))
    form = DashboardFilterForm(request.GET, fixed=wanted)
    scope = form.scope()
    data = dashboards.network_dashboard(scope, page=_page(request))
    return _render(request, "reports/dashboard.html", data, form, scope=scope, **context)


@login_required
def country(request, code):
    country = get_object_or_404(Country, code=code.upper())
    return _drill_down(
        request,
        {"country": country.code},
        heading=_("Progress of %(country)s") % {"country": country.name},
        country=country,
    )


@login_required
def focus_area(request, code):
    area = get_object_or_404(FocusArea, code=code)
    return _drill_down(
        request,
        {**(policy.dashboard_scope(request.user) or {}), "focus_area": area.code},
        heading=_("Focus area: %(area)s") % {"area": area.name},
        focus_area=area,
    )


@login_required
def city(request, slug):
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    return _drill_down(
        request,
        {"country": city.country.code, "city": city.slug},
        heading=_("Progress of %(city)s") % {"city": city.name},
        city=city,
    )


@login_required
def completeness(request):
    fixed = _dashboard_scope(request)
    form = DashboardFilterForm(request.GET, fixed=fixed)
    scope = form.scope()
    return _render(
        request,
        "reports/completeness.html",
        dashboards.completeness(scope, limit=_limit(request)),
        form,
        scope=scope,
        can_remind=policy.can_send_reminders(request.user),
    )


@require_POST
def remind(request):
    allow(request, policy.can_send_reminders(request.user))
    form = DashboardFilterForm(request.POST)
    scope = form.scope()
    city_ids = [int(pk) for pk in request.POST.getlist("city") if pk.isdigit()] or None
    update_reminders_send(year=scope.year, actor=request.user, city_ids=city_ids)
    messages.success(request, _("Reminders for %(year)s are being sent.") % {"year": scope.year})
    return redirect(f"{reverse('reports:completeness')}?year={scope.year}")


def public_progress(request):
    form = DashboardFilterForm(
        request.GET,
        fixed={"stage": None, "gesi_group": None},
        default_year=calendar.public_year(),  # the latest closed year, not the one in progress
    )
    scope = form.scope(stage=None, gesi_group=None)
    return _render(
        request, "reports/progress.html", dashboards.public_progress(scope), form, scope=scope
    )
