from django.db import migrations
from django.db.models.functions import ExtractYear


def years(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(year__isnull=True).update(year=ExtractYear("start_date"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_time")]

    operations = [migrations.RunPython(years, migrations.RunPython.noop)]
