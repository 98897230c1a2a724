"""The sections around the plans (the PDF part "context"): 5. Inclusion and the framework,
6. Partnerships and twinning, 7. Meetings and decisions."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from action_plans.models import GesiGroup
from meetings.models import Decision, Meeting
from partners.models import Opportunity, Partnership, Twinning
from reports import dashboards, selectors
from reports.annual.sections import (
    Framework,
    MeetingsSection,
    PartnershipsSection,
    TableData,
    table_data,
)
from reports.selectors import Scope
from reports.tables import Table


def inclusion(scope: Scope) -> TableData:
    rows = {
        code: (n, budget)
        for code, n, budget in selectors.scoped_projects(scope)
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


def framework(scope: Scope) -> Framework:
    """Projects by ASCF enabler and key urban system, and by ASCAP 2026–2035 item."""
    return {
        "components": table_data(dashboards.components_table(scope)),
        "ascap": table_data(dashboards.ascap_table(scope)),
    }


def partnerships(scope: Scope) -> PartnershipsSection:
    # Twinnings with cities outside ASEAN and between ASCN cities are told apart (issue 18).
    active = Twinning.objects.filter(status=Twinning.Status.ACTIVE, start_year__lte=scope.year)
    opportunities = Opportunity.objects.filter(created_at__year=scope.year)
    return {
        "twinnings": table_data(_twinnings_outside_asean(active)),
        "twinnings_asean": table_data(_twinnings_within_asean(active)),
        "new_partnerships": table_data(_new_partnerships(scope)),
        "opportunities_opened": opportunities.count(),
        "opportunities_matched": opportunities.filter(status=Opportunity.Status.MATCHED).count(),
    }


def _twinnings_outside_asean(active) -> Table:
    return Table(
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
            for t in active.outside_asean()
            .select_related("city", "partner")
            .order_by("city__name", "counterpart_city")
        ],
    )


def _twinnings_within_asean(active) -> Table:
    return Table(
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


def _new_partnerships(scope: Scope) -> Table:
    # Partnerships point at the working copy of a project; the report takes only those whose
    # project ASEC published and names it by its published title (a draft may have renamed it).
    titles = dict(selectors.scope_projects_base(scope).values_list("origin", "title"))
    new = Partnership.objects.filter(
        start_year=scope.year, project__in=list(titles)
    ).select_related("partner", "project__plan__city")
    return Table(
        "new_partnerships",
        _("Partnerships formed in %(year)s") % {"year": scope.year},
        [_("Partner"), _("City"), _("Project")],
        [
            [p.partner.name, p.project.plan.city.name, titles[p.project_id]]
            for p in new.order_by("partner__name", "project__plan__city__name", "pk")
        ],
    )


def meetings(scope: Scope) -> MeetingsSection:
    return {
        "meetings": table_data(_meetings_of_the_year(scope)),
        "decisions": table_data(_decisions_to_follow(scope)),
    }


def _meetings_of_the_year(scope: Scope) -> Table:
    year_meetings = (
        Meeting.objects.filter(year=scope.year)
        .select_related("host_country", "host_city")
        .order_by("start_date")
    )
    return Table(
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


def _decisions_to_follow(scope: Scope) -> Table:
    """The year's decisions, and earlier ones still open: the report follows them until done."""
    decisions = (
        Decision.objects.filter(
            Q(meeting__year=scope.year)
            | (Q(meeting__year__lt=scope.year) & ~Q(status__in=["done", "dropped"]))
        )
        .select_related("meeting", "owner_city", "owner_country")
        .order_by("due_date", "pk")
    )
    return Table(
        "decisions",
        _("Decisions and their follow-up"),
        [_("Meeting"), _("Decision"), _("Owner"), _("Due"), _("Status")],
        [[d.meeting.title, d.text, d.owner, d.due_date, d.get_status_display()] for d in decisions],
    )


def _host(meeting: Meeting) -> str:
    place = meeting.host_city.name if meeting.host_city else meeting.venue
    country = meeting.host_country.name if meeting.host_country else ""
    return ", ".join(p for p in (place, country) if p)
