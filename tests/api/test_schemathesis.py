"""Schemathesis against the API, in process through WSGI (SPEC §3, issue 4 point 9).

Every operation of `/api/schema/` gets valid and invalid requests, anonymously and as a city
official, a national representative, ASEC and a partner user, on objects that exist (Da Nang's)
and on made-up ones. Checks: no server error; every response (status, content type, body) is one
the schema documents; what the schema calls invalid is refused with a 4xx.

Examples are bounded (`SCHEMATHESIS_MAX_EXAMPLES`, default 4 per operation, persona and kind of
data) so the module stays well under three minutes on two cores; raise it for a deeper run.
Schemathesis drives Hypothesis directly here rather than through its pytest plugin, whose
`from_fixture` loader does not run under pytest 9.2.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "4"))
PERSONAS = ["anonymous", "official-da-nang", "nr-vn", "asec", "partner-adb"]

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"with-security-parameters": False},
        "checks": {
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            "negative_data_rejection": {"enabled": True},
            # Valid data may still be refused by the policy (403) or the services (400, 409).
            "positive_data_acceptance": {"enabled": False},
        },
    }
)

# Loaded once, at collection, from the running app: what the fuzzing trusts is what clients get.
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}

HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """Requests go through the plain WSGI handler, which closes old database connections when a
    request starts and ends; Django's test client holds that back, and so must this module, or
    the test's transaction would be closed under it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def existing_objects(world, path: str) -> dict:
    """Path parameters naming objects of the world, so that requests reach the services."""
    by_collection = {
        "countries": {"code": "VN"},
        "cities": {"slug": "da-nang"},
        "focus-areas": {"code": "built-infrastructure"},
        "partners": {"slug": "asian-development-bank"},
        "action-plans": {"id": world.da_nang_plan.pk},
        "projects": {"id": world.da_nang_project.pk},
        "milestones": {"id": world.da_nang_milestone.pk},
        "indicators": {"id": world.da_nang_indicator.pk},
        "progress-updates": {"id": world.da_nang_update.pk},
        "twinnings": {"id": world.twinning.pk},
        "opportunities": {"id": world.opportunity.pk},
        "interests": {"id": world.interest.pk},
        "meetings": {"id": world.meeting.pk},
        "reports": {"id": world.published_report.pk},
    }
    return by_collection.get(path.split("/")[2], {})


def headers_of(user) -> dict:
    # Answers are gzipped for clients that accept it (GZipMiddleware); schemathesis' WSGI
    # transport would ask for gzip and then read the compressed bytes as the body.
    headers = {"Accept-Encoding": "identity"}
    if not user.is_authenticated:
        return headers
    token = Token.objects.get_or_create(user=user)[0].key
    return headers | {"Authorization": f"Token {token}"}


def cases(operation, mode, *, headers, known):
    generated = operation.as_strategy(generation_mode=mode, headers=headers)
    if not known or "{" not in operation.path:
        return generated
    existing = operation.as_strategy(generation_mode=mode, headers=headers, path_parameters=known)
    return st.one_of(existing, generated)


def fuzz(operation, mode, *, headers, known) -> None:
    @HYPOTHESIS
    @given(case=cases(operation, mode, headers=headers, known=known))
    def answers_as_documented(case):
        case.call_and_validate(headers=headers)

    try:
        answers_as_documented()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        # Nothing of this request can be made invalid (e.g. a known object's path and no
        # body): there is no negative case to send.


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_api_answers_every_request_as_its_schema_says(world, label):
    operation = OPERATIONS[label]
    known = existing_objects(world, operation.path)
    for persona in PERSONAS:
        headers = headers_of(world.personas[persona])
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, headers=headers, known=known)
            except Exception as failure:
                failure.add_note(f"persona: {persona}; data: {mode.value}")
                raise
