"""`GET /health/`: whether the portal's parts answer, for the operator and docker-compose.

Each check is bounded by a short timeout, so the endpoint answers within seconds whatever is
down. The status is 200 while the database answers (the portal serves pages) and 503 otherwise;
cache, broker and workers being down degrade the portal without stopping it (README, Operations).
The details (error texts, which name hosts, ports and drivers) are shown to those the policy
allows (ASEC staff and administrators); everyone else reads the statuses.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis.exceptions import RedisError

from core import broker, policy

OK, DOWN = "ok", "down"


def _result(problem: str, ok_detail: str = "") -> dict:
    return {"status": DOWN, "detail": problem} if problem else {"status": OK, "detail": ok_detail}


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return f"{type(exc).__name__}: {exc}".strip()
    return ""


def cache_check() -> str:
    """Redis itself, not the per-process fallback that hides its absence from the pages."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return ""  # the local-memory cache of a development machine is always there
    try:
        ping()
    except (RedisError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def workers_check() -> tuple[str, str]:
    names = broker.worker_names()
    if not names:
        return "no Celery worker answered", ""
    return "", f"{len(names)} answering"


def report(*, details: bool = True) -> tuple[int, dict]:
    """(HTTP status, body) of the health check; `details` adds what each check found. An operator
    on the machine reads the details with `manage.py shell -c "from ascn_portal.health import
    report; print(report())"`."""
    workers_problem, workers_detail = workers_check()
    checks = {
        "database": _result(database_check()),
        "cache": _result(cache_check()),
        "broker": _result(broker.broker_check()),
        "workers": _result(workers_problem, workers_detail),
    }
    healthy = all(check["status"] == OK for check in checks.values())
    status = 200 if checks["database"]["status"] == OK else 503
    if not details:
        checks = {name: {"status": check["status"]} for name, check in checks.items()}
    return status, {"status": OK if healthy else "degraded", **checks}


@never_cache
@require_safe
def health(request):
    status, body = report(details=policy.can_see_health_details(request.user))
    return JsonResponse(body, status=status)
