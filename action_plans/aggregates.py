"""Aggregates the database keeps itself (migration 0018: triggers on the tables they follow), so
that reading them does not grow with the network and every write path keeps them exact."""

from django.db import connections, router

from action_plans.models import ProgressUpdate

TABLE = "maintained_aggregate"
PUBLIC_PROGRESS_UPDATES = "public_progress_updates"
ROLLUP_TOKEN = "rollup_token"

# The tables whose every write draws a new roll-up token (migration 0018).
ROLLUP_TABLES = frozenset(
    {
        "action_plans_project",
        "action_plans_actionplan",
        "action_plans_planperiod",
        "action_plans_progressupdate",
        "cities_city",
        "cities_country",
    }
)

VALUE_SQL = f"SELECT value FROM {TABLE} WHERE name = %s"


def public_progress_update_count() -> int:
    """How many progress updates are public (`ProgressUpdate.public`): one row read."""
    connection = connections[router.db_for_read(ProgressUpdate)]
    with connection.cursor() as cursor:
        cursor.execute(VALUE_SQL, [PUBLIC_PROGRESS_UPDATES])
        return cursor.fetchone()[0]
