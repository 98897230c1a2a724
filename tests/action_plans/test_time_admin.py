"""The admin of time shows periods, the ASCAP structure, cycles, submissions and close-outs, and
changes them only through the services: each action asks the policy, and a refusal is a message
that changes nothing."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from action_plans.models import ReportingCycle, Submission
from action_plans.services import periods
from tests import factories as f

TODAY = datetime.date.today()
CHANGELISTS = ["planperiod", "ascapitem", "reportingcycle", "submission", "periodcloseout"]


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def administrator(db):
    return f.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def cycle(da_nang, bangkok):
    return ReportingCycle.objects.create(
        year=2025, status="planned", deadline=TODAY + datetime.timedelta(days=30)
    )


def act(client, model, action, rows):
    return client.post(
        f"/admin/action_plans/{model}/",
        {"action": action, "_selected_action": [row.pk for row in rows]},
        follow=True,
    )


@pytest.mark.parametrize("model", CHANGELISTS)
def test_the_admin_lists_every_model_of_time_read_only(
    model, administrator, client, cycle, da_nang_plan
):
    periods.period_close(period=f.first_period())
    client.force_login(administrator)
    assert client.get(f"/admin/action_plans/{model}/").status_code == 200
    assert client.get(f"/admin/action_plans/{model}/add/").status_code == 403


def test_an_administrator_opens_a_cycle_through_the_service(administrator, client, cycle):
    client.force_login(administrator)

    response = act(client, "reportingcycle", "open_cycles", [cycle])

    assert "Cycles opened: 1." in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == "open"
    assert set(cycle.submissions.values_list("city__slug", flat=True)) == {"da-nang", "bangkok"}


def test_closing_with_open_submissions_is_refused_unless_confirmed(administrator, client, cycle):
    client.force_login(administrator)
    act(client, "reportingcycle", "open_cycles", [cycle])

    refused = act(client, "reportingcycle", "close_cycles", [cycle]).content.decode()
    cycle.refresh_from_db()
    assert "still open" in refused and "Da Nang" in refused and cycle.status == "open"

    act(client, "reportingcycle", "close_cycles_confirmed", [cycle])
    cycle.refresh_from_db()
    assert cycle.status == "closed"


def test_accepting_an_unsubmitted_report_in_the_admin_is_refused(administrator, client, cycle):
    client.force_login(administrator)
    act(client, "reportingcycle", "open_cycles", [cycle])
    submission = Submission.objects.get(city__slug="da-nang")

    body = act(client, "submission", "accept", [submission]).content.decode()

    submission.refresh_from_db()
    assert submission.status == "not_started" and "Da Nang 2025" in body


def test_staff_that_are_not_asec_get_no_action_and_change_nothing(client, cycle, da_nang):
    staff = f.UserFactory(username="staff-dn", is_staff=True, role="city_official", city=da_nang)
    staff.user_permissions.add(Permission.objects.get(codename="view_reportingcycle"))
    client.force_login(staff)

    page = client.get("/admin/action_plans/reportingcycle/").content.decode()
    act(client, "reportingcycle", "open_cycles", [cycle])

    assert "Open for reporting" not in page
    cycle.refresh_from_db()
    assert cycle.status == "planned" and not cycle.submissions.exists()
