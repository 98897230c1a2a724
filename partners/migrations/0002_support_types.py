from django.db import migrations

SUPPORT_TYPES = [
    ("funding", "Funding"),
    ("technical-assistance", "Technical assistance"),
    ("capacity-building", "Capacity building"),
    ("solutions", "Solutions"),
    ("twinning", "Twinning"),
]


def add_types(apps, schema_editor):
    SupportType = apps.get_model("partners", "SupportType")
    for position, (code, name) in enumerate(SUPPORT_TYPES):
        SupportType.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
