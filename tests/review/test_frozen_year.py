"""A closed year reads what was frozen (issue 15 point 4): when the 2024 cycle closes, each city's
snapshot records the publication of its plan that was current; the 2024 report and dashboards
read those publications, so stage, end year, percent and indicator changes published later leave
2024 as it was while the open year 2025 shows them. Only an amendment changes a closed year."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from action_plans import services as plan_services
from action_plans.models import IndicatorValue, Project
from action_plans.services import cycles
from cities.models import City
from reports import dashboards
from reports.annual import annexes, content
from reports.selectors import Scope
from review import services
from review.models import Amendment, Snapshot
from review.selectors import frozen_publications
from tests import factories as f
from tests.api.conftest import publish

FAR = datetime.date(2099, 3, 31)


def open_cycle(year):
    cycle = f.ReportingCycleFactory(year=year, status="open", deadline=FAR)
    cycles.submissions_ensure(cycle=cycle)
    return cycle


@pytest.fixture
def closed_2024(da_nang_plan, bangkok_plan, asec_user):
    """Both plans published (revision 1) and reported for 2024; the 2024 cycle closed."""
    traffic = f.ProjectFactory(plan=da_nang_plan, title="Traffic", stage="ongoing", end_year=2025)
    canals = f.ProjectFactory(plan=bangkok_plan, title="Canals", stage="ongoing", end_year=2025)
    signals = f.IndicatorFactory(
        project=traffic, name="Signals", baseline_value=Decimal("10"), target_value=Decimal("80")
    )
    IndicatorValue.objects.create(indicator=signals, year=2024, value=Decimal("50"))
    f.ProgressUpdateFactory(project=traffic, year=2024, percent_complete=40)
    f.ProgressUpdateFactory(project=canals, year=2024, percent_complete=30)
    publish(da_nang_plan, asec_user)
    publish(bangkok_plan, asec_user)
    cycle = open_cycle(2024)
    cycles.cycle_close(cycle=cycle, actor=asec_user, confirm=True)
    return type("World", (), {"traffic": traffic, "signals": signals, "plan": da_nang_plan})


def change_everything_and_republish(world, asec_user, da_nang_official):
    """What happens in 2025: Da Nang's project completes early, its 2024 indicator value is
    corrected in the working copy, 2025 progress is reported, and a revision is published."""
    open_cycle(2025)
    Project.objects.filter(pk=world.traffic.pk).update(stage="completed", end_year=2024)
    IndicatorValue.objects.filter(indicator=world.signals, year=2024).update(value=Decimal("85"))
    plan_services.progress_update_save(
        project=world.traffic,
        actor=da_nang_official,
        year=2025,
        data={"percent_complete": 100, "status": "completed"},
        version=None,
    )
    world.plan.revision += 1
    world.plan.save(update_fields=["revision"])
    return f.publish_as_is(world.plan, asec_user)


def report_of(year):
    """The report's content as the job builds it (eagerly, without the worker)."""
    basis = content.report_basis(year)
    used = tuple(plan["publication"] for plan in basis["publications"])
    network = content.network_content(year, publications=used)
    city = annexes.city_annex(City.objects.get(slug="da-nang").pk, year, publications=used)
    return basis["publications"], network, city


def dashboard_figures(year):
    """The public progress page's and ASEC's network dashboard's figures and tables."""
    public = dashboards.public_progress(Scope(year=year))
    asec = dashboards.network_dashboard(Scope(year=year), page=None)
    return {
        "public": {key: public[key] for key in ("figures", "exhibits", "trend", "by_country")},
        "asec": {
            key: asec[key]
            for key in ("figures", "exhibits", "trend", "network_table", "indicators", "tables")
        },
        "home": dashboards.home_figures(year),
    }


def test_closing_records_the_publication_current_for_each_plan(closed_2024, bangkok_plan):
    frozen = {s.city.slug: s.data["publications"] for s in Snapshot.objects.all()}
    da_nang = closed_2024.plan.publications.get()
    bangkok = bangkok_plan.publications.get()

    assert frozen == {
        "da-nang": {str(closed_2024.plan.pk): da_nang.pk},
        "bangkok": {str(bangkok_plan.pk): bangkok.pk},
    }
    assert frozen_publications(2024) == tuple(sorted((da_nang.pk, bangkok.pk)))
    assert frozen_publications(2025) is None


def test_a_closed_years_report_and_dashboards_stay_as_frozen_the_open_year_moves(
    closed_2024, asec_user, da_nang_official
):
    report_2024, dashboards_2024 = report_of(2024), dashboard_figures(2024)
    report_2025, dashboards_2025 = report_of(2025), dashboard_figures(2025)
    # The closed year's progress is locked: its percent cannot change any more.
    with pytest.raises(ValidationError):
        plan_services.progress_update_save(
            project=closed_2024.traffic,
            actor=da_nang_official,
            year=2024,
            data={"percent_complete": 99},
            version=1,
        )

    revision_2 = change_everything_and_republish(closed_2024, asec_user, da_nang_official)

    assert report_of(2024) == report_2024
    assert dashboard_figures(2024) == dashboards_2024
    # Without the freeze, 2024 would read revision 2 (the test would not prove anything else).
    assert content.network_content(2024) != report_2024[1]
    # The open year shows every change.
    used, network, city = report_of(2025)
    assert revision_2.pk in [plan["publication"] for plan in used]
    assert (network, city) != report_2025[1:]
    assert dashboard_figures(2025) != dashboards_2025
    assert report_2024[1]["summary"]["projects_by_stage"]["completed"] == 0
    assert network["summary"]["projects_by_stage"]["completed"] == 1
    assert (
        report_2025[1]["summary"]["network_progress"],
        network["summary"]["network_progress"],
    ) == (
        35,
        65,  # Traffic 40 → 100, Canals 30
    )


def test_the_dashboards_of_a_closed_year_say_they_are_frozen(closed_2024, asec_user, client_for):
    asec = client_for(asec_user).get("/dashboard/?year=2024").content.decode()
    public = client_for(asec_user).get("/progress/?year=2024").content.decode()
    working = client_for(asec_user).get("/dashboard/?year=2025").content.decode()

    frozen = "These figures are as frozen when the 2024 cycle closed"
    assert frozen in asec and frozen in public
    assert frozen not in working and "These figures read the working copies" in working


def test_an_amendment_repoints_a_closed_year_to_another_publication(
    closed_2024, asec_user, da_nang_official, bangkok_plan
):
    report_2024 = report_of(2024)
    revision_2 = change_everything_and_republish(closed_2024, asec_user, da_nang_official)
    snapshot = Snapshot.objects.get(cycle__year=2024, city__slug="da-nang")
    revision_1 = closed_2024.plan.publications.get(revision=1)

    with pytest.raises(PermissionDenied):
        services.snapshot_repoint(
            snapshot=snapshot, actor=da_nang_official, publication=revision_2, reason="Typo"
        )
    with pytest.raises(ValidationError):
        services.snapshot_repoint(
            snapshot=snapshot, actor=asec_user, publication=revision_2, reason="  "
        )
    with pytest.raises(ValidationError):
        services.snapshot_repoint(
            snapshot=snapshot,
            actor=asec_user,
            publication=bangkok_plan.publications.get(),
            reason="Wrong city",
        )
    assert report_of(2024) == report_2024

    services.snapshot_repoint(
        snapshot=snapshot,
        actor=asec_user,
        publication=revision_2,
        reason="The 2024 indicator value was mistyped; revision 2 corrects it.",
    )

    amendment = Amendment.objects.get()
    assert (amendment.field, amendment.before, amendment.after, amendment.actor) == (
        "publication",
        revision_1.pk,
        revision_2.pk,
        asec_user,
    )
    assert revision_2.pk in frozen_publications(2024)
    used, network, _city = report_of(2024)
    assert revision_2.pk in [plan["publication"] for plan in used]
    assert network != report_2024[1]


def test_the_command_records_the_publications_of_snapshots_frozen_without_them(
    closed_2024, asec_user, da_nang_official
):
    revision_1 = closed_2024.plan.publications.get(revision=1)
    for snapshot in Snapshot.objects.all():
        del snapshot.data["publications"]
        snapshot.save(update_fields=["data"])
    assert frozen_publications(2024) is None
    change_everything_and_republish(closed_2024, asec_user, da_nang_official)

    call_command("freeze_snapshots", stdout=StringIO())

    assert revision_1.pk in frozen_publications(2024)  # current when 2024 closed, not revision 2
    assert len(frozen_publications(2024)) == 2
