from django.db import migrations


class Migration(migrations.Migration):
    """The demo content marker moved to the demo app (demo.0001 takes it over); its table stays."""

    dependencies = [("ascn_portal", "0002_verbose_names")]
    run_before = [("demo", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DemoContent")],
            database_operations=[],
        ),
    ]
