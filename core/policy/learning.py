"""Learning between cities: case studies and connections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from core.policy.plans import drafts_visible, published_origins
from core.policy.roles import has_city_role, is_asec, is_city_user
from learning.models import CaseStudy, Connection

if TYPE_CHECKING:
    from accounts.models import User


def visible_case_studies(user: User) -> QuerySet:
    """Published means approved: everybody reads the case studies ASEC published, of projects
    the public may see; the city (and its national representative, and ASEC) also its drafts."""
    public = Q(status=CaseStudy.Status.PUBLISHED, project__in=published_origins())
    return CaseStudy.objects.filter(public | drafts_visible(user, "city"))


def can_write_case_study(user: User, project) -> bool:
    """A city writes about its own projects (ASEC for any); only the working copy is pointed at."""
    return project.is_working_copy and (is_asec(user) or is_city_user(user, project.plan.city_id))


def can_edit_case_study(user: User, case_study) -> bool:
    """Drafts only: what is in review or published is what ASEC reads or approved."""
    writer = is_asec(user) or is_city_user(user, case_study.city_id)
    return writer and case_study.status == CaseStudy.Status.DRAFT


def can_submit_case_study(user: User, case_study) -> bool:
    return can_edit_case_study(user, case_study)


def can_publish_case_study(user: User, case_study) -> bool:
    """ASEC publishes; a city never publishes its own case study."""
    return is_asec(user) and case_study.status == CaseStudy.Status.IN_REVIEW


def can_return_case_study(user: User, case_study) -> bool:
    """ASEC sends a case study in review, or a published one, back to the city as a draft."""
    return is_asec(user) and case_study.status != CaseStudy.Status.DRAFT


def visible_connections(user: User) -> QuerySet:
    """The two cities of a connection see it; ASEC sees every one; nobody else."""
    if is_asec(user):
        return Connection.objects.all()
    if has_city_role(user):
        return Connection.objects.filter(Q(from_city=user.city_id) | Q(to_city=user.city_id))
    return Connection.objects.none()


def can_request_connection(user: User) -> bool:
    """City officials ask other cities to connect, for their own city."""
    return has_city_role(user)


def can_decide_connection(user: User, connection) -> bool:
    """Only the asked city answers (that it answers only once is the service's to check)."""
    return is_city_user(user, connection.to_city_id)


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
