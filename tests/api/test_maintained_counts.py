"""The count of public progress updates is kept by the database (migration 0018, triggers):
exact after every kind of write, and what the public list's kept SQL answers with
(core/api/rows.py, PreparedRows) instead of counting every public update."""

from django.db import connection

from action_plans import aggregates
from action_plans.models import ProgressUpdate
from tests import factories as f
from tests.api.conftest import publish


def exact() -> int:
    return ProgressUpdate.objects.filter(public=True).count()


def test_every_write_path_keeps_the_count_exact(world):
    plan = publish(f.ActionPlanFactory(city=f.CityFactory(slug="hue")), world.personas["asec"])
    project = f.ProjectFactory(plan=plan)
    checks = [aggregates.public_progress_update_count() == exact()]

    update = f.ProgressUpdateFactory(project=project, year=2023)  # a factory's save
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(project=project, year=year, percent_complete=5, public=True)
            for year in (2021, 2022)
        ]
    )
    checks.append(aggregates.public_progress_update_count() == exact())
    ProgressUpdate.objects.filter(project=project).update(public=False)  # no signal
    checks.append(aggregates.public_progress_update_count() == exact())
    ProgressUpdate.objects.filter(pk=update.pk).update(public=True, percent_complete=9)
    update.refresh_from_db()
    update.narrative = "Edited."
    update.save()
    checks.append(aggregates.public_progress_update_count() == exact())
    ProgressUpdate.objects.filter(year=2022).delete()
    update.delete()
    checks.append(aggregates.public_progress_update_count() == exact())
    with connection.cursor() as cursor:  # whatever writes the table, raw SQL included
        cursor.execute("UPDATE action_plans_progressupdate SET public = NOT public")
    checks.append(aggregates.public_progress_update_count() == exact())

    assert checks == [True] * 6
    assert exact() > 0


def test_the_public_list_counts_with_the_kept_count(world, api, django_assert_max_num_queries):
    client = api()
    with django_assert_max_num_queries(3) as ran:  # count, page, submitters' names if any
        first = client.get("/api/progress-updates/").json()  # compiles and keeps the page's SQL
    plan = publish(f.ActionPlanFactory(city=f.CityFactory(slug="hue")), world.personas["asec"])
    f.ProgressUpdateFactory(project=f.ProjectFactory(plan=plan), year=2024)
    f.ProgressUpdateFactory(project=f.ProjectFactory(plan=plan), year=2024)
    ProgressUpdate.objects.filter(pk=ProgressUpdate.objects.filter(public=True).first().pk).delete()

    with django_assert_max_num_queries(len(ran)) as again:
        second = client.get("/api/progress-updates/").json()

    assert first["count"] + 1 == second["count"] == exact()
    assert "maintained_aggregate" in ran.captured_queries[0]["sql"]
    assert "maintained_aggregate" in again.captured_queries[0]["sql"]
    official = api(world.personas["official-da-nang"]).get("/api/progress-updates/").json()
    assert official["count"] > second["count"]  # a reader who sees drafts counts their rows
