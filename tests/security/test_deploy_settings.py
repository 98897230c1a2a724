"""With production environment values the deployment checks pass and the responses carry every
security header; settings are read once per process, so each runs in a fresh `python`."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50)[:50],
    "ALLOWED_HOSTS": "ascn.example.org",
}
# Cleared so that the subprocess sees only the production values above.
CLEARED = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_IDLE_MINUTES",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_LOCKOUT_MINUTES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their live server
)

REQUESTS = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="ascn.example.org")
plain = client.get("/i18n/setlang/")
secure = client.get("/i18n/setlang/", secure=True)
names = [
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "SESSION_COOKIE_AGE",
]
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "headers": dict(secure.headers),
    "settings": {name: getattr(settings, name) for name in names},
}))
"""


def run(arguments, **env):
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment |= {"DJANGO_SETTINGS_MODULE": "ascn_portal.settings", **PRODUCTION, **env}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_at_warning_level_with_production_values(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], ASCN_VAR_DIR=str(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_responses_carry_every_security_header(tmp_path):
    result = run(["-c", REQUESTS], ASCN_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    headers = seen["headers"]

    assert seen["plain"] == [301, "https://ascn.example.org/i18n/setlang/"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self';" in headers["Content-Security-Policy"] + ";"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert seen["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": 1800,
    }


def test_the_lockout_and_idle_timeout_follow_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), s.SESSION_COOKIE_AGE)"
    )
    result = run(
        ["-c", code],
        ASCN_VAR_DIR=str(tmp_path),
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_LOCKOUT_MINUTES="60",
        SESSION_IDLE_MINUTES="10",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "3600.0", "600"]


def test_a_bad_lockout_value_stops_start_up_naming_the_variable(tmp_path):
    result = run(["manage.py", "check"], ASCN_VAR_DIR=str(tmp_path), LOGIN_FAILURE_LIMIT="0")

    assert result.returncode != 0
    assert "LOGIN_FAILURE_LIMIT" in result.stderr
