"""A progress update knows whether it is public (ProgressUpdate.public: its project is in its
plan's latest publication), so that the public list and its count read one partial index instead
of joining every update to the published projects; marked here for every update."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_public_updates(apps, schema_editor):
    Project = apps.get_model("action_plans", "Project")
    ProgressUpdate = apps.get_model("action_plans", "ProgressUpdate")
    published = Project._base_manager.filter(layer="published", origin_id=OuterRef("project_id"))
    ProgressUpdate._base_manager.update(public=Exists(published))


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0016_plan_published_copy")]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="public",
            field=models.BooleanField(default=False, editable=False, verbose_name="public"),
        ),
        migrations.RunPython(mark_public_updates, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(
                condition=models.Q(("public", True)),
                fields=["project", "-year"],
                name="public_progress_update",
            ),
        ),
    ]
