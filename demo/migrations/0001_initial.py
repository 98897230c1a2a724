from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over the demo content marker's table, created by ascn_portal.0001."""

    initial = True
    dependencies = [("ascn_portal", "0002_verbose_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DemoContent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "loaded_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="loaded at"),
                        ),
                        (
                            "scale",
                            models.PositiveSmallIntegerField(default=1, verbose_name="scale"),
                        ),
                    ],
                    options={
                        "verbose_name": "demo content marker",
                        "db_table": "ascn_portal_democontent",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
