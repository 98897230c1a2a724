"""Plan periods, the carry-over into a new period, its close-out, reporting cycles, submissions
and their reminders (issue 14)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from action_plans import services
from action_plans.models import (
    ActionPlan,
    IndicatorValue,
    PeriodCloseOut,
    Project,
    ReportingCycle,
    Submission,
    SubmissionEvent,
)
from action_plans.services import cycles, periods, reminders
from tests import factories as f
from tests.test_i18n import compiled_catalogue  # noqa: F401 - the Vietnamese e-mail needs it

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def in_english():
    """Messages are matched in English, whatever an earlier request left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def old_plans(da_nang_plan, bangkok_plan, focus_area):
    """Da Nang: one ongoing project with an indicator, one completed, one cancelled."""
    ongoing = f.ProjectFactory(plan=da_nang_plan, title="Traffic", focus_areas=[focus_area])
    indicator = f.IndicatorFactory(project=ongoing, name="Signals", target_value=Decimal("80"))
    IndicatorValue.objects.create(indicator=indicator, year=2025, value=Decimal("85"))
    f.ProgressUpdateFactory(project=ongoing, year=2025, percent_complete=60)
    f.ProjectFactory(plan=da_nang_plan, title="Done", stage="completed", focus_areas=[focus_area])
    f.ProjectFactory(
        plan=da_nang_plan, title="Dropped", stage="cancelled", focus_areas=[focus_area]
    )
    f.ProjectFactory(plan=bangkok_plan, title="Canals", stage="planning", focus_areas=[focus_area])
    return ongoing


@pytest.fixture
def dili(db):
    """A city that joined in the new period's first year, without a previous plan."""
    return f.CityFactory(slug="dili", name="Dili", joined_year=2026)


def test_asec_starts_the_new_period_with_a_draft_plan_per_member_city(old_plans, asec_user, dili):
    result = periods.period_start(period=f.new_period(), actor=asec_user)

    new = ActionPlan.objects.filter(period__code="ascap-2026-2035")
    assert sorted(new.values_list("city__slug", flat=True)) == ["bangkok", "da-nang", "dili"]
    assert set(new.values_list("status", flat=True)) == {"draft"}
    da_nang = new.get(city__slug="da-nang")
    assert da_nang.vision == old_plans.plan.vision
    assert [p.title for p in da_nang.projects.all()] == ["Traffic"]
    assert (result.plans_created, result.plans_empty, result.projects_carried) == (3, 1, 2)
    assert not new.get(city__slug="dili").projects.exists()


def test_a_next_phase_is_linked_to_its_predecessor_and_keeps_no_history(old_plans, asec_user):
    periods.period_start(period=f.new_period(), actor=asec_user)

    phase = Project.objects.get(predecessor=old_plans)
    assert phase.plan.period.code == "ascap-2026-2035"
    assert phase.start_year == 2026 and phase.stage == "ongoing"
    assert not phase.updates.exists()
    indicator = phase.indicators.get()
    assert (indicator.baseline_value, indicator.baseline_year) == (Decimal("85"), 2025)
    assert not indicator.values.exists()
    assert old_plans.next_phases.get() == phase


def test_starting_closes_the_old_period_with_a_frozen_close_out(old_plans, asec_user):
    periods.period_start(period=f.new_period(), actor=asec_user)

    close_out = PeriodCloseOut.objects.get(city__slug="da-nang", period__code="scap-2018-2025")
    stages = {p["title"]: p["stage"] for p in close_out.snapshot["projects"]}
    assert stages == {"Traffic": "ongoing", "Done": "completed", "Dropped": "cancelled"}
    traffic = next(p for p in close_out.snapshot["projects"] if p["title"] == "Traffic")
    assert traffic["targets"][0]["verdict"] == "met"
    assert f.first_period().status == "closed"


def test_carrying_over_twice_creates_nothing_twice(old_plans, asec_user):
    new = f.new_period()
    periods.period_start(period=new, actor=asec_user)
    counts = (ActionPlan.objects.count(), Project.objects.count(), PeriodCloseOut.objects.count())

    again = periods.plans_carry_over(period=new, previous=f.first_period(), actor=asec_user)
    with pytest.raises(ValidationError, match="already been started"):
        periods.period_start(period=new, actor=asec_user)

    assert (again.plans_created, again.projects_carried) == (0, 0)
    after = (ActionPlan.objects.count(), Project.objects.count(), PeriodCloseOut.objects.count())
    assert after == counts


def test_a_closed_period_cannot_be_started_again(old_plans, asec_user):
    with pytest.raises(ValidationError, match="Only a later period"):
        periods.period_start(period=f.first_period(), actor=asec_user)
    assert f.new_period().status == "current"


def test_only_asec_starts_a_period(old_plans, da_nang_csco, viet_nam_rep):
    for person in (da_nang_csco, viet_nam_rep):
        with pytest.raises(PermissionDenied):
            periods.period_start(period=f.new_period(), actor=person)
    assert not ActionPlan.objects.filter(period__code="ascap-2026-2035").exists()


def test_the_carried_plan_goes_through_the_usual_workflow(old_plans, asec_user, da_nang_csco):
    periods.period_start(period=f.new_period(), actor=asec_user)
    plan = ActionPlan.objects.get(city__slug="da-nang", period__code="ascap-2026-2035")

    assert services.plan_submit(plan=plan, actor=da_nang_csco).status == "submitted"


# --- Years of the period -------------------------------------------------------------------------


def test_progress_outside_the_plan_period_is_a_clear_field_error(da_nang_project, da_nang_official):
    with pytest.raises(ValidationError) as error:
        services.progress_update_save(
            project=da_nang_project,
            actor=da_nang_official,
            year=2026,
            data={"percent_complete": 10, "status": "on_track"},
            version=None,
        )
    assert "year" in error.value.message_dict


def test_a_target_may_run_to_the_end_of_the_period_but_not_beyond(
    da_nang_project, da_nang_official
):
    data = {"name": "Trips", "unit": "%", "target_year": 2025}
    assert services.indicator_create(project=da_nang_project, actor=da_nang_official, data=data)
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            project=da_nang_project,
            actor=da_nang_official,
            data={"name": "Later", "unit": "%", "target_year": 2026},
        )
    assert "2018–2025" in error.value.message_dict["target_year"][0]


def test_a_new_period_project_reports_2026_and_may_name_ascap_items(
    old_plans, asec_user, da_nang_official
):
    periods.period_start(period=f.new_period(), actor=asec_user)
    phase = Project.objects.get(predecessor=old_plans)
    update = services.progress_update_save(
        project=phase,
        actor=da_nang_official,
        year=2026,
        data={"percent_complete": 65, "status": "on_track"},
        version=None,
    )
    assert update.year == 2026


# --- Reporting cycles ----------------------------------------------------------------------------


@pytest.fixture
def cycle_2025(db):
    return ReportingCycle.objects.create(
        year=2025, status="planned", deadline=TODAY + datetime.timedelta(days=30)
    )


def test_opening_a_cycle_gives_each_member_of_the_year_a_submission(
    cycle_2025, da_nang, bangkok, dili, asec_user
):
    cycles.cycle_open(cycle=cycle_2025, actor=asec_user)

    cities = set(cycle_2025.submissions.values_list("city__slug", flat=True))
    assert cities == {"da-nang", "bangkok"}  # Dili joined in 2026


def test_opening_an_open_cycle_is_refused(cycle_2025, da_nang, asec_user):
    cycles.cycle_open(cycle=cycle_2025, actor=asec_user)
    with pytest.raises(ValidationError, match="already open"):
        cycles.cycle_open(cycle=cycle_2025, actor=asec_user)


def test_closing_with_open_submissions_lists_them_and_changes_nothing(
    cycle_2025, da_nang, bangkok, asec_user
):
    cycles.cycle_open(cycle=cycle_2025, actor=asec_user)

    with pytest.raises(cycles.OpenSubmissions) as waiting:
        cycles.cycle_close(cycle=cycle_2025, actor=asec_user)

    assert {s.city.slug for s in waiting.value.submissions} == {"da-nang", "bangkok"}
    cycle_2025.refresh_from_db()
    assert cycle_2025.status == "open"
    assert cycles.cycle_close(cycle=cycle_2025, actor=asec_user, confirm=True).status == "closed"


@pytest.fixture
def da_nang_submission(cycle_2025, da_nang, asec_user):
    cycles.cycle_open(cycle=cycle_2025, actor=asec_user)
    return Submission.objects.get(city=da_nang)


def test_the_csco_submits_and_asec_accepts(da_nang_submission, da_nang_csco, asec_user):
    submitted = cycles.submission_submit(submission=da_nang_submission, actor=da_nang_csco)
    accepted = cycles.submission_accept(submission=submitted, actor=asec_user)

    assert accepted.status == "accepted" and accepted.submitted_at and accepted.accepted_at
    actions = list(accepted.events.values_list("action", flat=True))
    assert actions == ["accept", "submit"]


def test_accepting_an_unsubmitted_report_is_refused(da_nang_submission, asec_user):
    with pytest.raises(ValidationError, match="Only a submitted report"):
        cycles.submission_accept(submission=da_nang_submission, actor=asec_user)
    da_nang_submission.refresh_from_db()
    assert da_nang_submission.status == "not_started"


def test_returning_needs_a_comment(da_nang_submission, da_nang_csco, asec_user):
    cycles.submission_submit(submission=da_nang_submission, actor=da_nang_csco)
    with pytest.raises(ValidationError):
        cycles.submission_return(submission=da_nang_submission, actor=asec_user, comment=" ")
    returned = cycles.submission_return(
        submission=da_nang_submission, actor=asec_user, comment="Add the indicator values."
    )
    assert returned.status == "returned"


def test_after_the_deadline_the_report_is_locked_until_asec_reopens_it(
    da_nang_submission, da_nang_csco, da_nang_project, da_nang_official, asec_user
):
    ReportingCycle.objects.update(deadline=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="locked"):
        cycles.submission_submit(submission=da_nang_submission, actor=da_nang_csco)
    with pytest.raises(ValidationError, match="locked"):
        services.progress_update_save(
            project=da_nang_project,
            actor=da_nang_official,
            year=2025,
            data={"percent_complete": 10, "status": "on_track"},
            version=None,
        )
    da_nang_submission.refresh_from_db()
    assert da_nang_submission.status == "not_started"

    cycles.submission_reopen(
        submission=da_nang_submission, actor=asec_user, reason="Floods delayed the survey."
    )
    assert cycles.submission_submit(submission=da_nang_submission, actor=da_nang_csco).status == (
        "submitted"
    )
    reopen = da_nang_submission.events.get(action="reopen")
    assert reopen.comment == "Floods delayed the survey." and reopen.actor == asec_user


def test_a_first_update_puts_the_report_in_progress(
    da_nang_submission, da_nang_project, da_nang_official
):
    services.progress_update_save(
        project=da_nang_project,
        actor=da_nang_official,
        year=2025,
        data={"percent_complete": 10, "status": "on_track"},
        version=None,
    )
    da_nang_submission.refresh_from_db()
    assert da_nang_submission.status == "in_progress"
    assert list(da_nang_submission.events.values_list("action", flat=True)) == ["start"]


def test_past_years_become_closed_cycles_derived_from_the_updates(da_nang_project, bangkok):
    f.ProgressUpdateFactory(project=da_nang_project, year=2024)

    cycles.cycles_derive(years=range(2024, 2026))
    cycles.cycles_derive(years=range(2024, 2026))  # again: nothing new

    statuses = dict(Submission.objects.filter(cycle__year=2024).values_list("city__slug", "status"))
    assert statuses == {"da-nang": "accepted", "bangkok": "not_started"}
    assert set(ReportingCycle.objects.values_list("status", flat=True)) == {"closed"}
    assert Submission.objects.count() == 4


# --- Reminders ----------------------------------------------------------------------------------


def test_the_calendar_says_which_reminder(settings):
    settings.REMINDER_DAYS_BEFORE, settings.REMINDER_OVERDUE_EVERY_DAYS = 14, 7
    deadline = datetime.date(2027, 1, 31)
    day = datetime.timedelta(days=1)
    assert reminders.reminder_kind(deadline, deadline - 14 * day) == "before"
    assert reminders.reminder_kind(deadline, deadline - 13 * day) is None
    assert reminders.reminder_kind(deadline, deadline) == "due"
    assert reminders.reminder_kind(deadline, deadline + 7 * day) == "overdue"
    assert reminders.reminder_kind(deadline, deadline + 8 * day) is None


def test_reminders_go_to_members_that_have_not_submitted_in_their_language(
    da_nang_submission,
    da_nang_official,
    bangkok_official,
    dili,
    django_capture_on_commit_callbacks,
    mailoutbox,
):

    da_nang_official.language = "vi"
    da_nang_official.save()
    f.UserFactory(username="official-dili", role="city_official", city=dili)
    deadline = ReportingCycle.objects.get().deadline

    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.cycle_reminders_send(today=deadline)
        again = reminders.cycle_reminders_send(today=deadline)

    assert (sent, again) == (1, 0)  # Bangkok has no submission here; Dili is no 2025 member
    event = SubmissionEvent.objects.get(action="remind")
    assert event.reminder == "due" and da_nang_official.email in event.recipients
    assert [m.to for m in mailoutbox] == [[da_nang_official.email]]
    assert mailoutbox[0].subject == "ASCN: báo cáo năm 2025 của Da Nang đến hạn"
