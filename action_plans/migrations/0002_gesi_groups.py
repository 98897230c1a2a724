from django.db import migrations

GESI_GROUPS = [
    ("women-girls", "Women and girls"),
    ("persons-with-disabilities", "Persons with disabilities"),
    ("children-youth", "Children and youth"),
    ("older-persons", "Older persons"),
    ("low-income-marginalised", "Low-income and marginalised groups"),
    ("ethnic-minorities", "Ethnic minorities"),
]


def add_groups(apps, schema_editor):
    GesiGroup = apps.get_model("action_plans", "GesiGroup")
    for position, (code, name) in enumerate(GESI_GROUPS):
        GesiGroup.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0001_initial")]
    operations = [migrations.RunPython(add_groups, migrations.RunPython.noop)]
