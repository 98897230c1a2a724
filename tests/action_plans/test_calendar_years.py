"""The years the portal speaks of by default (action_plans/calendar.py), in one query each:
the cycles first, the latest year anybody reported only before any cycle exists."""

import datetime

from django.utils import timezone

from action_plans import calendar
from tests import factories as f


def years(django_assert_num_queries) -> tuple[int, int]:
    with django_assert_num_queries(2):
        return calendar.reporting_year(), calendar.public_year()


def test_from_the_clock_to_the_updates_to_the_cycles(da_nang, django_assert_num_queries):
    seen = [years(django_assert_num_queries)]
    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang))
    f.ProgressUpdateFactory(project=project, year=2022)
    f.ProgressUpdateFactory(project=project, year=2021)
    seen.append(years(django_assert_num_queries))
    f.ReportingCycleFactory(year=2020, status="closed", deadline=datetime.date(2021, 3, 31))
    seen.append(years(django_assert_num_queries))
    f.ReportingCycleFactory(year=2021, status="open", deadline=datetime.date(2099, 3, 31))
    f.ReportingCycleFactory(year=2023, status="planned", deadline=datetime.date(2099, 3, 31))
    seen.append(years(django_assert_num_queries))

    this_year = timezone.localdate().year
    assert seen == [(this_year, this_year), (2022, 2022), (2020, 2020), (2021, 2020)]
