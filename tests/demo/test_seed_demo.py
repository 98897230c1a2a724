"""seed_demo on a real reference network, loaded once for this module and rolled back after it.

The module fixture seeds inside a transaction that it rolls back at the end, so no other test
module sees demo content; each test runs in its own savepoint inside it.
"""

import hashlib
import importlib
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings

from accounts.models import Role, User
from action_plans.models import (
    ActionPlan,
    Indicator,
    Milestone,
    PlanStatus,
    PlanTransition,
    ProgressUpdate,
    Project,
    UpdateStatus,
)
from cities.models import Appointment, City, Country
from demo.models import DemoContent
from demo.period import PLAN_PERIOD_END
from partners.models import Interest, Opportunity, Partnership, Twinning

DEMO_PASSWORD = "a-demo-password-for-tests"  # noqa: S105 — test-only
# As conftest's fast_password_hashing does per test, for the module-wide seeding.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def digest(cities) -> str:
    """A fingerprint of the generated content (what a second run must reproduce exactly)."""
    lines = []
    for plan in ActionPlan.objects.filter(city__in=cities).order_by("city__slug"):
        lines.append(f"{plan.city.slug}|{plan.status}|{plan.revision}|{plan.vision}")
    projects = Project.objects.filter(plan__city__in=cities).order_by(
        "plan__city__slug", "position"
    )
    for project in projects.prefetch_related("updates", "focus_areas", "milestones"):
        updates = [(u.year, u.percent_complete, u.status) for u in project.updates.all()]
        milestones = [(m.title, m.due_date, m.done_date) for m in project.milestones.all()]
        focus = sorted(f.code for f in project.focus_areas.all())
        lines.append(f"{project.title}|{project.stage}|{project.budget_usd}|{focus}|{updates}")
        lines.append(f"{milestones}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def real_cities():
    return City.objects.exclude(source="demo")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content at scale 1 and its digest, for the whole module."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO_PASSWORD=DEMO_PASSWORD, PASSWORD_HASHERS=FAST_HASHERS):
            output = seed()
        yield {"output": output, "digest": digest(real_cities())}
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


def test_seed_demo_reports_what_it_loaded(demo_db):
    assert "Demo content loaded" in demo_db["output"]
    assert "38 cities, 38 plans" in demo_db["output"]
    assert DemoContent.objects.get().scale == 1


def test_every_member_city_has_a_plan_with_three_to_eight_projects(demo_db):
    cities = City.objects.annotate(plans=Count("action_plans", distinct=True))
    assert cities.count() == 38
    assert set(cities.values_list("plans", flat=True)) == {1}
    working = Q(projects__layer="working")
    counts = ActionPlan.objects.annotate(n=Count("projects", filter=working)).values_list(
        "n", flat=True
    )
    assert min(counts) >= 3
    assert max(counts) <= 8


def test_real_priority_projects_are_in_their_citys_plan(demo_db):
    titles = set(Project.objects.filter(plan__city__slug="da-nang").values_list("title", flat=True))
    assert {"Intelligent Traffic Control System", "Smart Water Management"} <= titles


@pytest.mark.parametrize(
    "username, role, affiliation",
    [
        ("asec", Role.ASEC, ""),
        ("nr-vn", Role.NATIONAL_REP, "Viet Nam"),
        ("nr-th", Role.NATIONAL_REP, "Thailand"),
        ("csco-da-nang", Role.CSCO, "Da Nang"),
        ("official-da-nang", Role.CITY_OFFICIAL, "Da Nang"),
        ("official-bangkok", Role.CITY_OFFICIAL, "Bangkok"),
        ("partner-adb", Role.PARTNER, "Asian Development Bank"),
    ],
)
def test_demo_accounts_sign_in_with_the_demo_password_in_their_role(
    demo_db, username, role, affiliation
):
    user = authenticate(username=username, password=DEMO_PASSWORD)
    assert user is not None
    assert (user.role, user.affiliation) == (role, affiliation)
    assert user.email == f"{username}@example.org"
    assert user.first_name and user.last_name
    assert not user.is_superuser


def test_admin_is_a_superuser_with_the_demo_password(demo_db):
    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    assert admin.is_superuser and admin.is_staff


def test_csco_da_nang_is_da_nangs_current_csco(demo_db):
    appointment = Appointment.objects.current().get(kind="csco", city__slug="da-nang")
    user = User.objects.get(username="csco-da-nang")
    assert appointment.user == user
    assert appointment.person_name in (user.get_full_name(), f"{user.last_name} {user.first_name}")


def test_every_city_has_a_current_csco_and_every_country_a_national_representative(demo_db):
    current = Appointment.objects.current()
    assert current.filter(kind="csco").count() == City.objects.count()
    represented = current.filter(kind="national_rep").values("country").distinct().count()
    assert represented == Country.objects.count()
    assert Appointment.objects.filter(end_date__isnull=False).exists()


def test_plan_statuses_are_a_realistic_mix_with_most_published(demo_db):
    statuses = dict(ActionPlan.objects.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == set(PlanStatus.values)
    assert statuses[PlanStatus.PUBLISHED] > ActionPlan.objects.count() / 2


def test_published_plans_have_a_snapshot_of_their_projects(demo_db):
    for plan in ActionPlan.objects.filter(status=PlanStatus.PUBLISHED):
        publication = plan.publications.get(revision=plan.revision)
        assert publication.snapshot["vision"] == plan.vision
        assert len(publication.snapshot["projects"]) == plan.projects.count()
    project = Project.objects.filter(plan__status=PlanStatus.PUBLISHED, updates__isnull=False)[0]
    frozen = next(
        p
        for p in project.plan.publications.get(revision=project.plan.revision).snapshot["projects"]
        if p["id"] == project.pk
    )
    latest = project.updates.order_by("-year")[0]
    assert frozen["budget_usd"] == str(project.budget_usd)
    assert frozen["latest_progress"]["percent_complete"] == latest.percent_complete
    assert [m["title"] for m in frozen["milestones"]] == [m.title for m in project.milestones.all()]
    values = {i["name"]: len(i["values"]) for i in frozen["indicators"]}
    assert values == {i.name: i.values.count() for i in project.indicators.all()}


def test_every_workflow_step_was_taken_by_its_rightful_actor(demo_db):
    transitions = PlanTransition.objects.select_related("actor", "plan__city")
    for transition in transitions:
        actor, city = transition.actor, transition.plan.city
        if transition.action == PlanTransition.Action.SUBMIT:
            assert (actor.role, actor.city_id) == (Role.CSCO, city.pk)
        elif transition.action == PlanTransition.Action.ENDORSE:
            assert (actor.role, actor.country_id) == (Role.NATIONAL_REP, city.country_id)
        elif transition.action == PlanTransition.Action.PUBLISH:
            assert actor.role == Role.ASEC


def test_progress_starts_with_the_project_and_never_goes_backwards(demo_db):
    for project in Project.objects.prefetch_related("updates"):
        updates = sorted(project.updates.all(), key=lambda u: u.year)
        percents = [u.percent_complete for u in updates]
        assert percents == sorted(percents)
        assert all(project.start_year <= u.year <= PLAN_PERIOD_END for u in updates)


def test_latest_updates_mix_every_status_with_on_track_the_most_common(demo_db):
    latest = {}
    for update in ProgressUpdate.objects.order_by("year"):
        latest[update.project_id] = update.status
    statuses = Counter(latest.values())
    assert set(statuses) == set(UpdateStatus.values)
    assert statuses.most_common(1)[0][0] == UpdateStatus.ON_TRACK
    latest = ProgressUpdate.objects.filter(year=PLAN_PERIOD_END)
    on_track = latest.filter(status=UpdateStatus.ON_TRACK).count()
    assert latest.count() / 4 < on_track < latest.count()


def test_some_cities_have_not_filed_the_latest_years_updates(demo_db):
    reported = ProgressUpdate.objects.filter(year=PLAN_PERIOD_END).values("project__plan__city")
    silent = City.objects.filter(joined_year__lte=PLAN_PERIOD_END).exclude(pk__in=reported)
    assert 2 <= silent.count() <= 12
    assert not silent.filter(slug="da-nang").exists()


def test_data_quality_views_find_overdue_milestones_and_unmeasured_indicators(demo_db):
    today = DemoContent.objects.get().loaded_at.date()
    assert Milestone.objects.filter(done_date__isnull=True, due_date__lt=today).exists()
    assert Milestone.objects.filter(done_date__isnull=False).exists()
    assert Indicator.objects.filter(values__isnull=True).exists()
    assert Indicator.objects.filter(values__isnull=False).exists()


def test_projects_carry_gesi_groups_and_some_seek_partners(demo_db):
    assert Project.objects.filter(gesi_groups__isnull=False).exists()
    seeking = Project.objects.filter(seeking_partners=True)
    assert seeking.exists()
    assert not seeking.filter(partnership_needs="").exists()


def test_open_opportunities_close_in_the_future_and_accepted_interests_became_partnerships(
    demo_db,
):
    today = DemoContent.objects.get().loaded_at.date()
    open_ones = Opportunity.objects.filter(status=Opportunity.Status.OPEN)
    assert open_ones.exists()
    assert not open_ones.filter(closing_date__lte=today).exists()
    assert Opportunity.objects.filter(status=Opportunity.Status.MATCHED).exists()
    accepted = Interest.objects.filter(status=Interest.Status.ACCEPTED)
    assert accepted.count() == Partnership.objects.filter(interest__in=accepted).count() > 0
    adb = set(Interest.objects.filter(partner__slug="asian-development-bank").values_list("status"))
    assert len(adb) >= 2


def test_demo_twinnings_come_on_top_of_the_real_ones(demo_db):
    assert Twinning.objects.exclude(source="demo").count() == 6
    assert Twinning.objects.filter(source="demo").exists()


def test_seeded_projects_have_a_first_history_row_with_their_focus_areas(demo_db):
    project = Project.objects.get(plan__city__slug="da-nang", position=0)
    record = project.history.get()
    assert record.history_user.username == "csco-da-nang"
    assert {row.focusarea_id for row in record.focus_areas.all()} == set(
        project.focus_areas.values_list("pk", flat=True)
    )


def test_home_page_shows_the_demo_banner_while_demo_content_is_loaded(demo_db, client):
    response = client.get("/")
    assert 'class="demo-banner"' in response.content.decode()


def test_running_it_again_changes_nothing(demo_db):
    before = (Project.objects.count(), ProgressUpdate.objects.count(), User.objects.count())
    assert "already loaded; nothing changed" in seed()
    assert (Project.objects.count(), ProgressUpdate.objects.count(), User.objects.count()) == before
    assert digest(real_cities()) == demo_db["digest"]


def test_scale_two_replaces_it_with_twice_the_network_and_the_same_content(demo_db, settings):
    settings.DEBUG = False  # --force lets it run anyway
    cities, projects, updates = (
        City.objects.count(),
        Project.objects.count(),
        ProgressUpdate.objects.count(),
    )
    seed(scale=2, replace=True)
    assert City.objects.count() == 2 * cities
    assert Project.objects.count() == 2 * projects
    assert ProgressUpdate.objects.count() == 2 * updates
    assert DemoContent.objects.get().scale == 2
    copy = City.objects.get(slug="da-nang-copy-2")
    assert (copy.name, copy.country.code) == ("Da Nang (copy 2)", "VN")
    assert User.objects.get(username="csco-da-nang-copy-2").city == copy
    # A fresh generation reproduces the real cities' content exactly.
    assert digest(real_cities()) == demo_db["digest"]


def test_the_library_has_published_case_studies_and_da_nang_a_draft_and_connections(demo_db):
    from learning.models import CaseStudy, Connection

    statuses = Counter(CaseStudy.objects.values_list("status", flat=True))
    assert statuses["published"] >= 3 and statuses["draft"] >= 1 and statuses["in_review"] >= 1
    assert CaseStudy.objects.filter(city__slug="da-nang", status="draft").exists()
    assert set(Connection.objects.values_list("status", flat=True)) == {"pending", "accepted"}
    assert Connection.objects.filter(outcome="study_visit").exists()


# --- Time (issue 14) -----------------------------------------------------------------------------


def test_the_demo_has_the_periods_closed_cycles_and_the_open_one(demo_db):
    from action_plans.models import ReportingCycle

    assert set(ActionPlan.objects.values_list("period__code", flat=True)) == {"scap-2018-2025"}
    cycles = dict(ReportingCycle.objects.values_list("year", "status"))
    assert cycles == {**dict.fromkeys(range(2018, 2026), "closed"), 2026: "open"}


def test_the_data_migration_turns_the_demo_content_into_periods_and_closed_cycles(demo_db):
    """The migration's function, run with the models of its own state, on the demo content
    stripped of what the seeder made of time: every plan in the first period, and each year
    2018–2025 a closed cycle whose submissions follow from the updates (twice: nothing new)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from action_plans.models import ReportingCycle, Submission

    migration = importlib.import_module("action_plans.migrations.0008_time_data")
    state = MigrationExecutor(connection).loader.project_state(("action_plans", "0007_time"))
    ReportingCycle.objects.all().delete()

    migration.periods_and_cycles(state.apps, None)
    migration.periods_and_cycles(state.apps, None)

    assert set(ActionPlan.objects.values_list("period__code", flat=True)) == {"scap-2018-2025"}
    assert set(ReportingCycle.objects.values_list("year", "status")) == {
        (year, "closed") for year in range(2018, 2026)
    }
    for year in (2018, 2022, 2025):
        reported = set(
            ProgressUpdate.objects.filter(year=year, project__layer="working").values_list(
                "project__plan__city__slug", flat=True
            )
        )
        rows = dict(Submission.objects.filter(cycle__year=year).values_list("city__slug", "status"))
        assert set(rows) == set(
            City.objects.filter(joined_year__lte=year).values_list("slug", flat=True)
        )
        assert {slug for slug, status in rows.items() if status == "accepted"} == reported
