"""The one place that decides who may see and do what (SPEC §1).

Views, API endpoints, admin actions and tasks ask these functions; templates only use them to
hide buttons. Two kinds of answers:

- `visible_*(user)` querysets: what a user may see at all. Anything outside is a 404.
- `can_*(user, obj)` predicates: whether a visible object may be changed. No is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User


# --- Who is who ---------------------------------------------------------------------------------


def is_asec(user: User) -> bool:
    """ASEC staff, and administrators, who may do whatever ASEC may."""
    return user.is_authenticated and (user.is_superuser or user.role == Role.ASEC)


def requires_two_factor(user: User) -> bool:
    """ASEC staff and administrators (superusers, and anyone who may open the Django admin) sign in
    with a TOTP code after their password; other roles with their password alone."""
    return user.is_authenticated and (user.is_superuser or user.is_staff or user.role == Role.ASEC)


def token_requires_two_factor(user: User) -> bool:
    """Whether an API token for this user needs the TOTP code as well (see the setting)."""
    from django.conf import settings

    return settings.API_TOKEN_REQUIRES_TWO_FACTOR and requires_two_factor(user)


def is_city_user(user: User, city_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role in (Role.CITY_OFFICIAL, Role.CSCO)
        and city_id is not None
        and user.city_id == city_id
    )


def is_csco_of(user: User, city_id: int | None) -> bool:
    return is_city_user(user, city_id) and user.role == Role.CSCO


def is_national_rep_of(user: User, country_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.NATIONAL_REP
        and country_id is not None
        and user.country_id == country_id
    )


def is_partner_user_of(user: User, partner_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.PARTNER
        and partner_id is not None
        and user.partner_id == partner_id
    )


def has_city_role(user: User) -> bool:
    """A city official or CSCO, of whichever city."""
    return (
        user.is_authenticated
        and user.role in (Role.CITY_OFFICIAL, Role.CSCO)
        and bool(user.city_id)
    )


def has_partner_role(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PARTNER and bool(user.partner_id)


def is_reviewer(user: User) -> bool:
    return is_asec(user) or (user.is_authenticated and user.role == Role.NATIONAL_REP)


# --- Action plans -------------------------------------------------------------------------------


def _plan_scope(user: User, city_field: str) -> Q:
    """Plans (or their children) of the user's own city or country; nothing for the public."""
    if is_asec(user):
        # Not Q(): OR-ed with an empty Q, the published filter would stand alone.
        return Q(pk__isnull=False)
    if user.is_authenticated and user.role in (Role.CITY_OFFICIAL, Role.CSCO) and user.city_id:
        return Q(**{city_field: user.city_id})
    if user.is_authenticated and user.role == Role.NATIONAL_REP and user.country_id:
        return Q(**{f"{city_field}__country": user.country_id})
    return Q(pk__in=[])


def drafts_visible(user: User, city_field: str) -> Q:
    """The rows (plans or their children, through `city_field`) whose working copy the user may
    see: their own city's, their country's, everything for ASEC, nothing for anybody else."""
    return _plan_scope(user, city_field)


def visible_plans(user: User) -> QuerySet:
    """Published plans for everyone; drafts too for their city, country and ASEC."""
    from action_plans.models import ActionPlan, PlanPublication

    published = Exists(PlanPublication.objects.filter(plan=OuterRef("pk")))
    return ActionPlan.objects.filter(published | _plan_scope(user, "city"))


def _layer_for(user: User, plan_path: str, layer_field: str) -> Q:
    """Published means approved: the working copy of the plans the user may see drafts of, the
    published layer of every other plan. Filters, counts and exports run on these rows."""
    from action_plans.models import Layer

    drafts = drafts_visible(user, f"{plan_path}__city")
    return (Q(**{layer_field: Layer.WORKING}) & drafts) | (
        Q(**{layer_field: Layer.PUBLISHED}) & ~drafts
    )


def visible_projects(user: User) -> QuerySet:
    """Each project once, as the user may read it (see `_layer_for`)."""
    from action_plans.models import Project

    return Project.layers.filter(_layer_for(user, "plan", "layer"))


def visible_project_ids(user: User) -> QuerySet:
    """The working ids of the projects the user sees (what other tables, such as partnerships
    and opportunities, point at)."""
    from django.db.models.functions import Coalesce

    return visible_projects(user).values(working_id=Coalesce("origin", "pk"))


def public_projects() -> QuerySet:
    """What everybody may read of every plan: the published layer."""
    from action_plans.models import Project

    return Project.layers.published()


def can_see_drafts(user: User, plan) -> bool:
    """Whether the user sees the working copy of a plan, not only its published version."""
    return (
        is_asec(user)
        or is_city_user(user, plan.city_id)
        or is_national_rep_of(user, plan.city.country_id)
    )


def can_edit_plan(user: User, plan) -> bool:
    """City users edit their own plan while it is a draft, or start a revision once published."""
    from action_plans.models import PlanStatus

    return is_city_user(user, plan.city_id) and plan.status in (
        PlanStatus.DRAFT,
        PlanStatus.PUBLISHED,
    )


def can_edit_project(user: User, project) -> bool:
    """Only the working copy is ever edited; published rows are a copy of a publication."""
    return project.is_working_copy and can_edit_plan(user, project.plan)


def can_submit_progress(user: User, project) -> bool:
    """Yearly progress updates do not wait for the plan workflow."""
    return project.is_working_copy and is_city_user(user, project.plan.city_id)


def can_submit_plan(user: User, plan) -> bool:
    from action_plans.models import PlanStatus

    return is_csco_of(user, plan.city_id) and plan.status == PlanStatus.DRAFT


def can_endorse_plan(user: User, plan) -> bool:
    from action_plans.models import PlanStatus

    return is_national_rep_of(user, plan.city.country_id) and plan.status == PlanStatus.SUBMITTED


def can_return_plan(user: User, plan) -> bool:
    from action_plans.models import PlanStatus

    if plan.status == PlanStatus.SUBMITTED:
        return is_national_rep_of(user, plan.city.country_id) or is_asec(user)
    return plan.status == PlanStatus.ENDORSED and is_asec(user)


def can_publish_plan(user: User, plan) -> bool:
    from action_plans.models import PlanStatus

    return is_asec(user) and plan.status == PlanStatus.ENDORSED


def can_view_history(user: User, plan) -> bool:
    return can_see_drafts(user, plan)


def visible_milestones(user: User) -> QuerySet:
    """Milestones of the projects the user reads, in the same layer."""
    from action_plans.models import Milestone

    return Milestone.objects.filter(_layer_for(user, "project__plan", "project__layer"))


def visible_indicators(user: User) -> QuerySet:
    from action_plans.models import Indicator

    return Indicator.objects.filter(_layer_for(user, "project__plan", "project__layer"))


def visible_progress_updates(user: User) -> QuerySet:
    """Updates belong to working projects. Those of a project that its plan's latest publication
    contains are public once saved; those of a project only in the working copy are not."""
    from action_plans.models import ProgressUpdate

    return ProgressUpdate.objects.filter(
        _plan_scope(user, "project__plan__city") | Q(project__in=published_origins())
    )


def published_origins() -> QuerySet:
    """Ids of the working projects that their plan's latest publication contains."""
    from action_plans.models import Project

    return Project.layers.published().values("origin")


def visible_evidence(user: User) -> QuerySet:
    """Evidence files are working material: only the city, its country's reps and ASEC."""
    from action_plans.models import Evidence

    return Evidence.objects.filter(_plan_scope(user, "update__project__plan__city"))


def editable_plans(user: User) -> QuerySet:
    from action_plans.models import ActionPlan, PlanStatus

    if not (user.is_authenticated and user.role in (Role.CITY_OFFICIAL, Role.CSCO)):
        return ActionPlan.objects.none()
    return ActionPlan.objects.filter(
        city=user.city_id, status__in=[PlanStatus.DRAFT, PlanStatus.PUBLISHED]
    )


def can_review(user: User) -> bool:
    """Whether the user has a review queue at all (national representatives and ASEC)."""
    return is_reviewer(user)


def review_queue(user: User) -> QuerySet:
    """Plans waiting for this reviewer: a rep's country's submitted plans; for ASEC the endorsed
    ones to publish and the submitted ones it may return."""
    from action_plans.models import ActionPlan, PlanStatus

    if is_asec(user):
        return ActionPlan.objects.filter(status__in=[PlanStatus.SUBMITTED, PlanStatus.ENDORSED])
    if user.is_authenticated and user.role == Role.NATIONAL_REP and user.country_id:
        return ActionPlan.objects.filter(status=PlanStatus.SUBMITTED, city__country=user.country_id)
    return ActionPlan.objects.none()


def can_see_city_overview(user: User) -> bool:
    """The "my city" page: which projects of the user's own city still need this year's update."""
    return (
        user.is_authenticated
        and user.role in (Role.CITY_OFFICIAL, Role.CSCO)
        and bool(user.city_id)
    )


def can_import_projects(user: User, city=None) -> bool:
    """ASEC imports for any city; a city user only into their own city."""
    if is_asec(user):
        return True
    return city is not None and is_city_user(user, city.pk)


def can_import_into_plan(user: User, plan) -> bool:
    """ASEC corrects any plan from the M&E lists; a city user imports only as they may edit."""
    return is_asec(user) or can_edit_plan(user, plan)


# --- Partners and the marketplace -------------------------------------------------------------


def visible_partners(user: User) -> QuerySet:
    """The partner directory is public."""
    from partners.models import Partner

    return Partner.objects.all()


def visible_twinnings(user: User) -> QuerySet:
    from partners.models import Twinning

    return Twinning.objects.all()


def can_manage_partners(user: User) -> bool:
    """Adding partners and inviting or deactivating their users is ASEC's."""
    return is_asec(user)


def can_manage_partner_users(user: User, partner) -> bool:
    return can_manage_partners(user)


def can_edit_partner(user: User, partner) -> bool:
    return is_asec(user) or is_partner_user_of(user, partner.pk)


def can_manage_twinnings(user: User) -> bool:
    return is_asec(user)


def can_post_opportunity(user: User, city) -> bool:
    return is_city_user(user, city.pk)


def can_edit_opportunity(user: User, opportunity) -> bool:
    return is_city_user(user, opportunity.city_id)


def can_express_interest(user: User, opportunity) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.PARTNER
        and user.partner_id is not None
        and opportunity.is_open
    )


def can_act_for_partner(user: User, partner) -> bool:
    """Only a partner's own users speak for it in the marketplace (interests)."""
    return is_partner_user_of(user, partner.pk)


def can_withdraw_interest(user: User, interest) -> bool:
    return is_partner_user_of(user, interest.partner_id) and interest.status == "pending"


def can_see_partner_recommendations(user: User, partner) -> bool:
    return is_asec(user) or is_partner_user_of(user, partner.pk)


def can_see_city_recommendations(user: User, city) -> bool:
    return is_asec(user) or is_city_user(user, city.pk)


def visible_opportunities(user: User) -> QuerySet:
    """Open ones for everyone; also closed and matched ones for their city, for partners that
    expressed interest in them, and for ASEC."""
    from partners.models import Interest, Opportunity
    from partners.selectors import is_open

    if is_asec(user):
        return Opportunity.objects.all()
    scope = is_open()
    if user.is_authenticated and user.role in (Role.CITY_OFFICIAL, Role.CSCO) and user.city_id:
        scope |= Q(city=user.city_id)
    if user.is_authenticated and user.role == Role.PARTNER and user.partner_id:
        scope |= Exists(
            Interest.objects.filter(opportunity=OuterRef("pk"), partner=user.partner_id)
        )
    return Opportunity.objects.filter(scope)


def can_decide_interest(user: User, interest) -> bool:
    return is_city_user(user, interest.opportunity.city_id) and interest.status == "pending"


def visible_interests(user: User) -> QuerySet:
    """A partner sees its own interests; a city those on its opportunities; ASEC all."""
    from partners.models import Interest

    if is_asec(user):
        return Interest.objects.all()
    if user.is_authenticated and user.role == Role.PARTNER and user.partner_id:
        return Interest.objects.filter(partner=user.partner_id)
    if user.is_authenticated and user.role in (Role.CITY_OFFICIAL, Role.CSCO) and user.city_id:
        return Interest.objects.filter(opportunity__city=user.city_id)
    return Interest.objects.none()


# --- Meetings and reports ---------------------------------------------------------------------


def visible_meetings(user: User) -> QuerySet:
    """Meetings, their documents and decisions are public."""
    from meetings.models import Meeting

    return Meeting.objects.all()


def can_manage_meetings(user: User) -> bool:
    return is_asec(user)


def can_follow_up_decision(user: User, decision) -> bool:
    if is_asec(user):
        return True
    if decision.owner_city_id:
        return is_city_user(user, decision.owner_city_id)
    return bool(decision.owner_country_id) and is_national_rep_of(user, decision.owner_country_id)


def decisions_followed_up_by(user: User) -> QuerySet:
    """The decisions a user follows up: their city's, their country's; ASEC all of them."""
    from meetings.models import Decision

    if is_asec(user):
        return Decision.objects.all()
    if user.is_authenticated and user.role in (Role.CITY_OFFICIAL, Role.CSCO) and user.city_id:
        return Decision.objects.filter(owner_city=user.city_id)
    if user.is_authenticated and user.role == Role.NATIONAL_REP and user.country_id:
        return Decision.objects.filter(owner_country=user.country_id)
    return Decision.objects.none()


def can_manage_reports(user: User) -> bool:
    return is_asec(user)


def visible_reports(user: User) -> QuerySet:
    from reports.models import AnnualReport

    if is_asec(user):
        return AnnualReport.objects.all()
    return AnnualReport.objects.filter(published=True)


def can_manage_reference_data(user: User) -> bool:
    return is_asec(user)


def visible_countries(user: User) -> QuerySet:
    """Reference data (countries, cities, the ASCF) is public."""
    from cities.models import Country

    return Country.objects.all()


def visible_cities(user: User) -> QuerySet:
    from cities.models import City

    return City.objects.all()


def visible_focus_areas(user: User) -> QuerySet:
    from action_plans.models import FocusArea

    return FocusArea.objects.all()


# --- Dashboards -------------------------------------------------------------------------------


def dashboard_scope(user: User) -> dict | None:
    """The filters a user's dashboards are always narrowed to; None means no dashboard at all.

    ASEC sees the whole network, a national representative their country, a city user their city.
    """
    if is_asec(user):
        return {}
    if user.is_authenticated and user.role == Role.NATIONAL_REP and user.country_id:
        return {"country": user.country.code}
    if user.is_authenticated and user.role in (Role.CITY_OFFICIAL, Role.CSCO) and user.city_id:
        return {"country": user.city.country.code, "city": user.city.slug}
    return None


def can_send_reminders(user: User) -> bool:
    return is_asec(user)


# --- Time: plan periods, ASCAP, reporting cycles ------------------------------------------------


def can_manage_periods(user: User) -> bool:
    """Opening a plan period (and carrying the plans over) is ASEC's."""
    return is_asec(user)


def can_edit_ascap(user: User) -> bool:
    """ASEC keeps the structure of the regional plan (ASCAP goals and actions)."""
    return is_asec(user)


def can_manage_cycles(user: User) -> bool:
    """Creating, opening, closing reporting cycles and reopening them for a city."""
    return is_asec(user)


def visible_submissions(user: User) -> QuerySet:
    """A city's yearly submissions: its own users, its country's representative and ASEC."""
    from action_plans.models import Submission

    return Submission.objects.filter(_plan_scope(user, "city"))


def can_submit_report(user: User, submission) -> bool:
    """The city's CSCO hands in the year's report (the state is the service's to check)."""
    return is_csco_of(user, submission.city_id)


def can_review_submission(user: User, submission) -> bool:
    """ASEC accepts or returns a submitted report."""
    return is_asec(user)


def can_reopen_submission(user: User, submission) -> bool:
    return is_asec(user)


def can_see_reminders(user: User) -> bool:
    return is_asec(user)


# --- The system itself ------------------------------------------------------------------------


class SystemActor:
    """The portal acting on its own schedule (Celery beat): may do what ASEC may, nothing more."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    role = Role.ASEC
    pk = id = None
    city_id = country_id = partner_id = None
    username = "system"

    def __str__(self) -> str:
        return gettext("ASCN Portal (scheduled)")


SYSTEM = SystemActor()


# --- People -----------------------------------------------------------------------------------


def can_see_contacts(user: User) -> bool:
    """E-mail and phone of CSCOs and national representatives are for signed-in members only."""
    return user.is_authenticated


# --- Learning between cities (case studies, connections) ---------------------------------------


def visible_case_studies(user: User) -> QuerySet:
    """Published means approved: everybody reads the case studies ASEC published, of projects
    the public may see; the city (and its national representative, and ASEC) also its drafts."""
    from learning.models import CaseStudy

    public = Q(status=CaseStudy.Status.PUBLISHED, project__in=published_origins())
    return CaseStudy.objects.filter(public | _plan_scope(user, "city"))


def can_write_case_study(user: User, project) -> bool:
    """A city writes about its own projects (ASEC for any); only the working copy is pointed at."""
    return project.is_working_copy and (is_asec(user) or is_city_user(user, project.plan.city_id))


def can_edit_case_study(user: User, case_study) -> bool:
    """Drafts only: what is in review or published is what ASEC reads or approved."""
    from learning.models import CaseStudy

    writer = is_asec(user) or is_city_user(user, case_study.city_id)
    return writer and case_study.status == CaseStudy.Status.DRAFT


def can_submit_case_study(user: User, case_study) -> bool:
    return can_edit_case_study(user, case_study)


def can_publish_case_study(user: User, case_study) -> bool:
    """ASEC publishes; a city never publishes its own case study."""
    from learning.models import CaseStudy

    return is_asec(user) and case_study.status == CaseStudy.Status.IN_REVIEW


def can_return_case_study(user: User, case_study) -> bool:
    """ASEC sends a case study in review, or a published one, back to the city as a draft."""
    from learning.models import CaseStudy

    return is_asec(user) and case_study.status != CaseStudy.Status.DRAFT


def visible_connections(user: User) -> QuerySet:
    """The two cities of a connection see it; ASEC sees every one; nobody else."""
    from learning.models import Connection

    if is_asec(user):
        return Connection.objects.all()
    if has_city_role(user):
        return Connection.objects.filter(Q(from_city=user.city_id) | Q(to_city=user.city_id))
    return Connection.objects.none()


def can_request_connection(user: User) -> bool:
    """City officials ask other cities to connect, for their own city."""
    return has_city_role(user)


def can_decide_connection(user: User, connection) -> bool:
    """Only the asked city answers, and only once."""
    return is_city_user(user, connection.to_city_id) and connection.status == "pending"


def is_connection_party(user: User, connection) -> bool:
    """Either city of a connection, or ASEC."""
    return (
        is_asec(user)
        or is_city_user(user, connection.from_city_id)
        or is_city_user(user, connection.to_city_id)
    )


def can_record_connection(user: User, connection) -> bool:
    """Either city of an accepted connection (or ASEC) records what came of it, once."""
    return (
        is_connection_party(user, connection)
        and connection.status == "accepted"
        and not connection.outcome
    )


# --- Accounts (added with issue 14) -------------------------------------------------------------


def can_edit_account_settings(user: User, account) -> bool:
    """A signed-in person changes their own settings (the language of the portal's e-mail)."""
    return user.is_authenticated and user.pk == account.pk
