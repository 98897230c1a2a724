"""docker-compose.yml parses, has the five services, and runs only programs the project has.

No Docker engine is needed: the file is read as YAML and each command is checked against the code.
"""

import importlib
import re
import shlex

import pytest
import yaml
from celery import Celery
from django.conf import settings
from django.core.management import get_commands

SERVICES = {"db", "redis", "web", "worker", "beat"}
PORTAL_SERVICES = {"web", "worker", "beat"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())


def programs(command) -> list[list[str]]:
    """The programs a service's command runs: `sh -c "a && b"` gives [a, b]."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:2] != ["sh", "-c"]:
        return [argv]
    parts = [shlex.split(part) for part in argv[2].split("&&")]
    return [part[1:] if part[0] == "exec" else part for part in parts]


def problem_with(argv: list[str]) -> str | None:
    """Why this program would not start from the project's code (None when it would)."""
    match argv:
        case ["python", "manage.py", name, *_]:
            return None if name in get_commands() else f"no management command {name!r}"
        case ["gunicorn", module, *_]:
            application = getattr(importlib.import_module(module), "application", None)
            return None if callable(application) else f"{module} has no WSGI application"
        case ["celery", "-A", package, ("worker" | "beat"), *_]:
            app = getattr(importlib.import_module(package), "celery_app", None)
            return None if isinstance(app, Celery) else f"{package} has no celery_app"
    return f"unknown program {argv!r}"


def test_compose_file_has_the_five_services(compose):
    assert set(compose["services"]) == SERVICES


def test_database_and_broker_have_health_checks_and_volumes(compose):
    for name in ("db", "redis"):
        service = compose["services"][name]
        assert service["healthcheck"]["test"], name
        assert any(volume.split(":")[0] in compose["volumes"] for volume in service["volumes"])


def test_portal_services_start_only_once_database_and_broker_are_healthy(compose):
    for name in PORTAL_SERVICES:
        depends_on = compose["services"][name]["depends_on"]
        assert depends_on == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }, name


def test_web_is_healthy_while_its_health_endpoint_answers_200(compose, client, db):
    check = compose["services"]["web"]["healthcheck"]["test"]
    script = (settings.BASE_DIR / check[-1]).read_text()

    assert check[:2] == ["CMD", "python"] and '"http://127.0.0.1:8000/health/"' in script
    assert client.get("/health/").status_code == 200


def test_web_and_worker_share_the_uploaded_files(compose):
    web, worker = compose["services"]["web"], compose["services"]["worker"]
    media = f"media:{web['environment']['MEDIA_ROOT']}"

    assert media in web["volumes"] and media in worker["volumes"]


def test_web_migrates_and_collects_static_files_before_gunicorn_starts(compose):
    names = [argv[:3] for argv in programs(compose["services"]["web"]["command"])]

    assert names == [
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "collectstatic"],
        ["gunicorn", "ascn_portal.wsgi", "--bind"],
    ]


def test_every_command_names_a_module_or_command_of_the_project(compose):
    for name in PORTAL_SERVICES:
        for argv in programs(compose["services"][name]["command"]):
            assert problem_with(argv) is None, (name, problem_with(argv))


def test_worker_and_beat_run_celery_from_the_project(compose):
    assert programs(compose["services"]["worker"]["command"])[0][3] == "worker"
    assert programs(compose["services"]["beat"]["command"])[0][3] == "beat"


def test_portal_services_pass_only_variables_the_settings_read(compose):
    read = set(re.findall(r'\benv_\w+\(\s*"([A-Z][A-Z0-9_]*)"', settings_source()))
    for name in PORTAL_SERVICES:
        passed = set(compose["services"][name]["environment"])
        assert passed <= read, (name, passed - read)


def test_production_settings_and_secrets_come_from_the_environment(compose):
    environment = compose["services"]["web"]["environment"]

    assert environment["DEBUG"] == "false"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]


def test_image_installs_what_weasyprint_loads_and_no_fonts_since_those_come_from_pypi():
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()

    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "gettext"):
        assert package in dockerfile, package
    assert " fonts-" not in dockerfile


def settings_source() -> str:
    return (settings.BASE_DIR / "ascn_portal" / "settings.py").read_text()
