"""The start page after sign-in: one page per role, each gathering what that person acts on.

`start` dispatches on the policy's role questions; each `*_start` reads through the apps'
selectors and querysets with their joins, so the number of queries does not grow with the data.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from action_plans import calendar, selectors_time
from action_plans import selectors as plan_selectors
from action_plans.models import Layer, Milestone, ReportingCycle, SubmissionStatus
from cities.models import City
from core import policy
from partners import matchmaking
from partners import selectors as partner_selectors
from partners.models import Interest
from review import selectors as review_selectors
from review.models import Flag

RECOMMENDED_ON_START = 5
REPORTS_ON_START = 5
INTERESTS_ON_START = 8


@require_safe
def start(request):
    """Signed-in people land here; the public has the home page."""
    user = request.user
    if not user.is_authenticated:
        return redirect("home")
    for may, build, template in ROLE_PAGES:
        if may(user):
            return render(request, f"start/{template}.html", build(user))
    return redirect("home")


def _cycle(year: int) -> ReportingCycle | None:
    counts = {
        f"n_{value}": Count("submissions", filter=Q(submissions__status=value))
        for value in SubmissionStatus.values
    }
    return ReportingCycle.objects.filter(year=year).annotate(**counts).first()


def _by_status(cycle: ReportingCycle | None) -> list[dict]:
    if cycle is None:
        return []
    return [
        {"status": value, "label": label, "count": getattr(cycle, f"n_{value}")}
        for value, label in SubmissionStatus.choices
    ]


def overdue_milestones(city, *, today: datetime.date | None = None):
    """Milestones of the city's working plans past their due date and not done."""
    today = today or timezone.localdate()
    return (
        Milestone.objects.filter(
            project__plan__city=city,
            project__layer=Layer.WORKING,
            done_date__isnull=True,
            due_date__lt=today,
        )
        .select_related("project")
        .order_by("due_date", "pk")
    )


def city_start(user) -> dict:
    city = user.city
    year = calendar.reporting_year()
    cycle = _cycle(year)
    report = selectors_time.city_report(city=city, cycle=cycle) if cycle else {}
    plan = city.action_plans.select_related("period").order_by("-period__start_year").first()
    waiting = (
        Interest.objects.filter(opportunity__city=city, status=Interest.Status.PENDING)
        .select_related("partner", "opportunity", "created_by")
        .order_by("created_at", "pk")
    )
    return {
        "city": city,
        "plan": plan,
        "year": year,
        "cycle": cycle,
        "submission": report.get("submission"),
        "missing": list(report.get("missing", [])),
        "waiting_interests": list(waiting),
        "overdue": list(overdue_milestones(city)),
        "open_queries": list(
            review_selectors.open_queries_of(city.pk, year).select_related("project")
        ),
        "unanswered_flags": Flag.objects.filter(city=city, year=year).unanswered().count(),
    }


def national_rep_start(user) -> dict:
    year = calendar.reporting_year()
    cycle = _cycle(year)
    submissions = (
        selectors_time.cycle_submissions(user, cycle, country=user.country.code) if cycle else []
    )
    return {
        "country": user.country,
        "year": year,
        "cycle": cycle,
        "queue": list(plan_selectors.review_queue(user)),
        "submissions": list(submissions),
        "queries": review_selectors.query_counts(
            City.objects.filter(country=user.country).values("pk"), year
        ),
    }


def asec_start(user) -> dict:
    year = calendar.reporting_year()
    cycle = _cycle(year)
    reports = policy.visible_reports(user).order_by("-year", "-pk")[:REPORTS_ON_START]
    return {
        "year": year,
        "cycle": cycle,
        "by_status": _by_status(cycle),
        "queue": list(plan_selectors.review_queue(user)),
        "reports": list(reports),
        "quality": review_selectors.quality_table(City.objects.values("pk"), year),
        "queries": review_selectors.query_counts(City.objects.values("pk"), year),
    }


def partner_start(user) -> dict:
    partner = user.partner
    matches = matchmaking.opportunities_for_partner(partner, limit=RECOMMENDED_ON_START)
    partner_selectors.load_opportunity_vocabulary([match.obj for match in matches])
    portfolio = partner_selectors.partner_portfolio(partner=partner, user=user)
    return {
        "partner": partner,
        "matches": matches,
        "interests": list(partner_selectors.partner_interests(partner)[:INTERESTS_ON_START]),
        "portfolio": portfolio,
    }


ROLE_PAGES = (
    (policy.is_asec, asec_start, "asec"),
    (policy.has_city_role, city_start, "city"),
    (policy.has_national_rep_role, national_rep_start, "national_rep"),
    (policy.has_partner_role, partner_start, "partner"),
)
