"""Give every project its primary focus area (the first in ASCF order, as the city page grouped
them) and every published plan its published layer, from its latest publication's snapshot."""

from django.db import migrations


def primary_focus_areas(apps, schema_editor):
    Project = apps.get_model("action_plans", "Project")
    through = Project.focus_areas.through
    first = {}
    for project_id, area_id in through.objects.order_by(
        "project_id", "-focusarea__position", "-focusarea__code"
    ).values_list("project_id", "focusarea_id"):
        first[project_id] = area_id
    for project_id, area_id in first.items():
        Project._base_manager.filter(pk=project_id).update(primary_focus_area_id=area_id)


def published_layers(apps, schema_editor):
    from action_plans.services.publication import publications_materialize

    PlanPublication = apps.get_model("action_plans", "PlanPublication")
    latest = {}
    for publication in PlanPublication.objects.order_by("plan_id", "revision"):
        latest[publication.plan_id] = publication
    publications_materialize(latest.values(), registry=apps)


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0004_published_layer")]

    operations = [
        migrations.RunPython(primary_focus_areas, migrations.RunPython.noop),
        migrations.RunPython(published_layers, migrations.RunPython.noop),
    ]
