"""Time: plan periods, the ASCAP structure, reporting cycles and the cities' yearly
submissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from action_plans.models import Submission
from core.policy.plans import drafts_visible
from core.policy.roles import is_asec, is_csco_of

if TYPE_CHECKING:
    from accounts.models import User


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
    return Submission.objects.filter(drafts_visible(user, "city"))


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
