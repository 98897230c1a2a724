"""Aggregates kept by the database itself (issue 21), so that every write path keeps them exact:
services, factories, bulk updates, deletions, raw SQL and flushes alike. One table, not a
model (a flush must not empty it; the triggers on the tables it follows keep it right):

- `public_progress_updates`: how many progress updates are public (the count of the public
  API list, which otherwise grows with the network);
- `rollup_token`: a random number drawn anew by every statement that writes a table the
  network's roll-ups read (reports/selectors.py keeps a roll-up under the token it was computed
  with; random, not a counter, so that a rolled-back write never brings back an old token)."""

from django.db import migrations

TABLE = "maintained_aggregate"
UPDATES = "action_plans_progressupdate"
# What reports.selectors' memoised roll-ups read (see `ROLLUP_TABLES` there).
ROLLUP_TABLES = (
    "action_plans_project",
    "action_plans_actionplan",
    "action_plans_planperiod",
    "action_plans_progressupdate",
    "cities_city",
    "cities_country",
)

POSTGRESQL = f"""
CREATE TABLE {TABLE} (name varchar(40) PRIMARY KEY, value bigint NOT NULL);
INSERT INTO {TABLE} VALUES
  ('public_progress_updates', (SELECT COUNT(*) FROM {UPDATES} WHERE public)),
  ('rollup_token', floor(random() * 4503599627370496)::bigint);

CREATE FUNCTION count_public_progress_updates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE delta bigint := 0;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT delta - COUNT(*) INTO delta FROM old_rows WHERE public;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT delta + COUNT(*) INTO delta FROM new_rows WHERE public;
  END IF;
  IF delta <> 0 THEN
    UPDATE {TABLE} SET value = value + delta WHERE name = 'public_progress_updates';
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION reset_public_progress_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE {TABLE} SET value = 0 WHERE name = 'public_progress_updates';
  RETURN NULL;
END $$;
CREATE TRIGGER public_updates_insert AFTER INSERT ON {UPDATES}
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_public_progress_updates();
CREATE TRIGGER public_updates_update AFTER UPDATE ON {UPDATES}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_public_progress_updates();
CREATE TRIGGER public_updates_delete AFTER DELETE ON {UPDATES}
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_public_progress_updates();
CREATE TRIGGER public_updates_truncate AFTER TRUNCATE ON {UPDATES}
  FOR EACH STATEMENT EXECUTE FUNCTION reset_public_progress_updates();

CREATE FUNCTION new_rollup_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE {TABLE} SET value = floor(random() * 4503599627370496)::bigint
    WHERE name = 'rollup_token';
  RETURN NULL;
END $$;
""" + "".join(
    f"""CREATE TRIGGER rollup_token AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION new_rollup_token();
"""
    for table in ROLLUP_TABLES
)

POSTGRESQL_REVERSE = (
    "".join(f"DROP TRIGGER rollup_token ON {table};\n" for table in ROLLUP_TABLES)
    + "".join(
        f"DROP TRIGGER public_updates_{event} ON {UPDATES};\n"
        for event in ("insert", "update", "delete", "truncate")
    )
    + f"""DROP FUNCTION new_rollup_token();
DROP FUNCTION reset_public_progress_updates();
DROP FUNCTION count_public_progress_updates();
DROP TABLE {TABLE};
"""
)

# SQLite: row triggers (a DELETE without WHERE on a table with triggers deletes row by row).
SQLITE = [
    f"CREATE TABLE {TABLE} (name varchar(40) PRIMARY KEY, value bigint NOT NULL)",
    f"INSERT INTO {TABLE} VALUES ('public_progress_updates', "
    f"(SELECT COUNT(*) FROM {UPDATES} WHERE public)), ('rollup_token', random())",
    f"CREATE TRIGGER public_updates_insert AFTER INSERT ON {UPDATES} WHEN NEW.public "
    f"BEGIN UPDATE {TABLE} SET value = value + 1 WHERE name = 'public_progress_updates'; END",
    f"CREATE TRIGGER public_updates_update AFTER UPDATE OF public ON {UPDATES} "
    f"WHEN NEW.public IS NOT OLD.public BEGIN UPDATE {TABLE} "
    f"SET value = value + (CASE WHEN NEW.public THEN 1 ELSE -1 END) "
    f"WHERE name = 'public_progress_updates'; END",
    f"CREATE TRIGGER public_updates_delete AFTER DELETE ON {UPDATES} WHEN OLD.public "
    f"BEGIN UPDATE {TABLE} SET value = value - 1 WHERE name = 'public_progress_updates'; END",
] + [
    f"CREATE TRIGGER rollup_token_{event.lower()}_{table} AFTER {event} ON {table} "
    f"BEGIN UPDATE {TABLE} SET value = random() WHERE name = 'rollup_token'; END"
    for table in ROLLUP_TABLES
    for event in ("INSERT", "UPDATE", "DELETE")
]

SQLITE_REVERSE = (
    [f"DROP TRIGGER public_updates_{event}" for event in ("insert", "update", "delete")]
    + [
        f"DROP TRIGGER rollup_token_{event}_{table}"
        for table in ROLLUP_TABLES
        for event in ("insert", "update", "delete")
    ]
    + [f"DROP TABLE {TABLE}"]
)


def forwards(apps, schema_editor):
    run(schema_editor, POSTGRESQL, SQLITE)


def backwards(apps, schema_editor):
    run(schema_editor, POSTGRESQL_REVERSE, SQLITE_REVERSE)


def run(schema_editor, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"No maintained aggregates for {vendor}.")


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0017_public_progress_updates"),
        ("cities", "0007_city_name_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
