"""The settings that matter took effect, and a bad environment stops the portal at start-up.

Settings are read once per process, so each environment is tried in a fresh `python` process.
"""

import importlib
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import User
from ascn_portal.celery import app as celery_app

# Variables of the portal's configuration: cleared so that each subprocess sees only its own.
PORTAL_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "TEST_DATABASE_NAME",
    "ALLOWED_HOSTS",
    "CELERY_QUEUE",
    "CELERY_TASK_SOFT_TIME_LIMIT",
    "CELERY_TASK_TIME_LIMIT",
    "CELERY_VISIBILITY_TIMEOUT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "LOG_LEVEL",
    "STORAGE_BACKEND",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "PUBLIC_CACHE_SECONDS",
)
A_SECRET_KEY = "k3y-for-the-settings-test-only-" + "x7Qp" * 8

SETTINGS_PRINTER = """
import json
from django.conf import settings
from ascn_portal.celery import app
names = {names!r}
values = {{name: getattr(settings, name) for name in names if not name.startswith("app.")}}
values.update({{name: getattr(app.conf, name[4:]) for name in names if name.startswith("app.")}})
print(json.dumps(values, default=str))
"""


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in PORTAL_VARIABLES}
    environment |= {"DJANGO_SETTINGS_MODULE": "ascn_portal.settings", **env}
    return subprocess.run(
        [sys.executable, *code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_under(names: list[str], **env: str) -> dict:
    """The named settings (or `app.<name>` of the Celery app) in a process with this env."""
    result = run_python(["-c", SETTINGS_PRINTER.format(names=names)], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_celery_takes_json_only():
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.result_serializer == "json"
    assert list(celery_app.conf.accept_content) == ["json"]


def test_celery_acknowledges_late_and_requeues_the_tasks_of_a_lost_worker():
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    assert celery_app.conf.worker_prefetch_multiplier == 1


def test_the_worker_freezes_its_objects_before_it_forks_a_pool_process():
    """Pool processes share the main process's pages: their collections never write to the
    objects it had (gc.freeze), so copy on write does not give each of them a copy."""
    import gc

    from celery.signals import worker_before_create_process

    frozen_before = gc.get_freeze_count()
    try:
        worker_before_create_process.send(sender=None)
        assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()  # this test process collects as before


def test_celery_time_limits_are_set_soft_below_hard_and_below_the_visibility_timeout():
    soft, hard = celery_app.conf.task_soft_time_limit, celery_app.conf.task_time_limit

    assert 0 < soft < hard
    assert celery_app.conf.broker_transport_options["visibility_timeout"] > hard


def test_celery_time_limits_follow_the_environment():
    values = settings_under(
        ["app.task_soft_time_limit", "app.task_time_limit", "app.broker_transport_options"],
        DEBUG="true",
        CELERY_TASK_SOFT_TIME_LIMIT="50",
        CELERY_TASK_TIME_LIMIT="60",
    )

    assert (values["app.task_soft_time_limit"], values["app.task_time_limit"]) == (50, 60)
    assert values["app.broker_transport_options"]["visibility_timeout"] > 60


def test_broker_cache_and_results_are_redis_when_redis_url_is_set():
    redis_url = "redis://127.0.0.1:6379/3"
    values = settings_under(
        ["app.broker_url", "app.result_backend", "CACHES"], DEBUG="true", REDIS_URL=redis_url
    )

    assert values["app.broker_url"] == redis_url
    assert values["app.result_backend"] == redis_url
    assert values["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_uploads_and_reports_are_stored_on_the_filesystem_by_default():
    values = settings_under(["STORAGES"], DEBUG="true")
    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_uploads_and_reports_go_to_an_s3_compatible_bucket_when_configured():
    values = settings_under(
        ["STORAGES"],
        DEBUG="true",
        STORAGE_BACKEND="s3",
        S3_BUCKET="ascn-media",
        S3_ENDPOINT_URL="https://s3.example.org",
    )
    default = values["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "ascn-media"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert default["OPTIONS"]["default_acl"] == "private"
    importlib.import_module("storages")  # django-storages is installed (boto3: extra `s3`)


def test_s3_storage_without_a_bucket_is_refused_at_start():
    result = run_python(["-c", "import django; django.setup()"], DEBUG="true", STORAGE_BACKEND="s3")
    assert result.returncode != 0
    assert "S3_BUCKET" in result.stderr


def test_broker_is_an_embedded_filesystem_queue_without_redis_url(tmp_path):
    values = settings_under(
        ["app.broker_url", "app.broker_transport_options"],
        DEBUG="true",
        ASCN_VAR_DIR=str(tmp_path),
    )

    assert values["app.broker_url"] == "filesystem://"
    folders = values["app.broker_transport_options"]
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        assert folders[key].startswith(str(tmp_path)), key


def test_with_ci_set_the_tests_refuse_to_run_without_postgresql_and_redis():
    result = run_python(
        ["-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/accounts"],
        DEBUG="true",
        CI="true",
    )

    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "DATABASE_URL must name a PostgreSQL database" in result.stderr
    assert "REDIS_URL must be set" in result.stderr


@pytest.mark.parametrize(
    ("database_url", "engine"),
    [
        ("postgres://ascn:secret@db.example:5432/ascn", "django.db.backends.postgresql"),
        ("postgresql://ascn@127.0.0.1/ascn", "django.db.backends.postgresql"),
        ("sqlite:////tmp/ascn-settings-test.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_engine_follows_database_url(database_url, engine):
    values = settings_under(["DATABASES"], DEBUG="true", DATABASE_URL=database_url)

    assert values["DATABASES"]["default"]["ENGINE"] == engine


def test_database_is_a_sqlite_file_under_var_without_database_url(tmp_path):
    values = settings_under(["DATABASES"], DEBUG="true", ASCN_VAR_DIR=str(tmp_path))

    assert values["DATABASES"]["default"]["NAME"] == str(tmp_path / "db.sqlite3")


def test_users_are_the_portal_user_model():
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert get_user_model() is User


def test_passwords_shorter_than_twelve_characters_are_refused():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("dN#7x!kq2Lp")

    validate_password("dN#7x!kq2Lp9")


def test_security_flags_are_on_when_debug_is_off():
    values = settings_under(
        [
            "DEBUG",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "X_FRAME_OPTIONS",
            "SESSION_COOKIE_HTTPONLY",
            "STORAGES",
        ],
        DEBUG="false",
        SECRET_KEY=A_SECRET_KEY,
    )

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert "Manifest" in values["STORAGES"]["staticfiles"]["BACKEND"]


def test_deployment_checks_pass_with_production_settings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
        DEBUG="false",
        SECRET_KEY=A_SECRET_KEY,
        ALLOWED_HOSTS="ascn.example",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://root@127.0.0.1/ascn"}, "DATABASE_URL"),
        ({"DEBUG": "true", "REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"DEBUG": "true", "CELERY_TASK_TIME_LIMIT": "abc"}, "CELERY_TASK_TIME_LIMIT"),
        (
            {"DEBUG": "true", "CELERY_TASK_SOFT_TIME_LIMIT": "90", "CELERY_TASK_TIME_LIMIT": "60"},
            "CELERY_TASK_TIME_LIMIT",
        ),
        (
            {"DEBUG": "true", "CELERY_TASK_TIME_LIMIT": "600", "CELERY_VISIBILITY_TIMEOUT": "600"},
            "CELERY_VISIBILITY_TIMEOUT",
        ),
        ({"DEBUG": "true", "SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS"),
        ({"DEBUG": "true", "LOG_LEVEL": "chatty"}, "LOG_LEVEL"),
    ],
)
def test_a_bad_environment_stops_start_up_with_a_message_naming_the_variable(env, variable):
    result = run_python(["manage.py", "check"], **env)

    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.startswith("Configuration error:"), message
    assert variable in message
    assert "Traceback" not in message
