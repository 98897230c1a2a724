"""Time: ASEC creates, opens and closes reporting cycles, reopens a city's report, starts plan
periods and keeps the ASCAP structure; a city's CSCO submits its report of the year. Outside a
persona's scope a submission is invisible (404); visible but not theirs to act on is 403."""

import datetime

from action_plans.models import AscapItem, PeriodCloseOut, ReportingCycle, Submission
from tests import factories as f
from tests.matrix.spec import FORBIDDEN, NOT_FOUND, OK, ReadOnly, Write, by_role, only_asec

SUBMIT = by_role(
    city_official=FORBIDDEN,
    csco=OK,
    other_city=NOT_FOUND,
    own_rep=FORBIDDEN,
    other_rep=NOT_FOUND,
    asec=FORBIDDEN,
)
REVIEW = by_role(
    city_official=FORBIDDEN,
    other_city=NOT_FOUND,
    own_rep=FORBIDDEN,
    other_rep=NOT_FOUND,
    asec=OK,
)


def cycle(status="open"):
    def setup(world, city):
        deadline = datetime.date.today() + datetime.timedelta(days=30)
        return f.ReportingCycleFactory(year=2025, status=status, deadline=deadline)

    return setup


def submission(status="in_progress"):
    def setup(world, city):
        # The accessibility sweep builds every URL in one world: one row per city and year.
        row, _created = Submission.objects.update_or_create(
            cycle=cycle()(world, city), city=world.city(city), defaults={"status": status}
        )
        return row

    return setup


def status_is(value):
    return lambda target: Submission.objects.get(pk=target.pk).status == value


def year(target) -> dict:
    return {"year": target.year}


def pk(target) -> dict:
    return {"pk": target.pk}


def close_out(world, city):
    plan = world.plan("da-nang")
    row, _created = PeriodCloseOut.objects.get_or_create(
        period=plan.period, city=plan.city, plan=plan, defaults={"snapshot": {"projects": []}}
    )
    return row


def ascap_item(world, city):
    return AscapItem.objects.get_or_create(code="g1", kind="goal", title="Goal 1")[0]


URLS = {
    "action_plans:cycles": Write(
        kwargs=lambda target: {},
        data=lambda target: {"year": "2030", "deadline": "2031-01-31"},
        changed=lambda target: ReportingCycle.objects.filter(year=2030).exists(),
        expect=only_asec(),
    ),
    "action_plans:cycle": ReadOnly(setup=cycle(), kwargs=year),
    "action_plans:cycle_dates": Write(
        setup=cycle(),
        kwargs=year,
        data=lambda target: {"deadline": "2027-02-28"},
        changed=lambda target: (
            ReportingCycle.objects.get(pk=target.pk).deadline == datetime.date(2027, 2, 28)
        ),
        expect=only_asec(),
    ),
    "action_plans:cycle_open": Write(
        setup=cycle("planned"),
        kwargs=year,
        changed=lambda target: ReportingCycle.objects.get(pk=target.pk).status == "open",
        expect=only_asec(),
    ),
    "action_plans:cycle_close": Write(
        setup=cycle(),
        kwargs=year,
        data=lambda target: {"confirm": "on"},
        changed=lambda target: ReportingCycle.objects.get(pk=target.pk).status == "closed",
        expect=only_asec(),
    ),
    "action_plans:submission_submit": Write(
        setup=submission(), kwargs=pk, changed=status_is("submitted"), expect=SUBMIT
    ),
    "action_plans:submission_accept": Write(
        setup=submission("submitted"), kwargs=pk, changed=status_is("accepted"), expect=REVIEW
    ),
    "action_plans:submission_return": Write(
        setup=submission("submitted"),
        kwargs=pk,
        data=lambda target: {"comment": "Add the indicator values."},
        changed=status_is("returned"),
        expect=REVIEW,
    ),
    "action_plans:submission_reopen": Write(
        setup=submission(),
        kwargs=pk,
        data=lambda target: {"reason": "Floods delayed the survey."},
        changed=lambda target: Submission.objects.get(pk=target.pk).reopened,
        expect=REVIEW,
    ),
    "action_plans:my_report": ReadOnly(),
    "action_plans:periods": ReadOnly(),
    "action_plans:period": ReadOnly(kwargs=lambda target: {"code": "scap-2018-2025"}),
    "action_plans:period_start": Write(
        setup=lambda world, city: f.new_period(),
        kwargs=lambda period: {"code": period.code},
        changed=lambda period: type(period).objects.get(pk=period.pk).started_at is not None,
        expect=only_asec(),
    ),
    "action_plans:close_out": ReadOnly(setup=close_out, kwargs=pk),
    "action_plans:ascap": Write(
        kwargs=lambda target: {},
        data=lambda target: {"code": "g9", "kind": "goal", "title": "Goal 9", "position": "1"},
        changed=lambda target: AscapItem.objects.filter(code="g9").exists(),
        expect=only_asec(),
    ),
    "action_plans:ascap_edit": Write(
        setup=ascap_item,
        kwargs=pk,
        data=lambda target: {"code": "g1", "kind": "goal", "title": "Renamed", "position": "0"},
        changed=lambda target: AscapItem.objects.get(pk=target.pk).title == "Renamed",
        expect=only_asec(),
    ),
}
