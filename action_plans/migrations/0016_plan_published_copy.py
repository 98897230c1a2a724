"""Each plan carries the values of its latest publication that lists, filters and search read
(ActionPlan.published_revision), instead of three subqueries on its publications, two of which
read the whole JSON snapshot; copied here from the latest snapshot of every published plan."""

from django.db import migrations, models
from django.db.models.fields.json import KT


def copy_latest_publications(apps, schema_editor):
    ActionPlan = apps.get_model("action_plans", "ActionPlan")
    PlanPublication = apps.get_model("action_plans", "PlanPublication")
    latest = {}
    for row in PlanPublication.objects.order_by("plan_id", "revision").values(
        "plan_id",
        "revision",
        vision=KT("snapshot__vision"),
        targets=KT("snapshot__strategic_targets"),
    ):
        latest[row["plan_id"]] = row
    for plan_id, row in latest.items():
        ActionPlan._base_manager.filter(pk=plan_id).update(
            published_revision=row["revision"],
            published_vision=row["vision"] or "",
            published_targets=row["targets"] or "",
        )


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0015_merge_20261206_1531")]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="published_revision",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="published revision"
            ),
        ),
        migrations.AddField(
            model_name="actionplan",
            name="published_targets",
            field=models.TextField(
                blank=True, editable=False, verbose_name="published strategic targets"
            ),
        ),
        migrations.AddField(
            model_name="actionplan",
            name="published_vision",
            field=models.TextField(blank=True, editable=False, verbose_name="published vision"),
        ),
        migrations.RunPython(copy_latest_publications, migrations.RunPython.noop),
    ]
