"""The role × action matrix of the API, generated from the OpenAPI schema (SPEC §1 and §3).

Every operation of the schema must have a row in `MATRIX` saying which status each persona gets;
an operation added to the API without a row fails `test_every_operation_has_a_row`. Each row
names the object it acts on (mostly Da Nang's, whose plan is a draft) and the body it sends.
Every persona's request runs in a savepoint rolled back afterwards, so all start from the same
world.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator

from action_plans.models import PlanStatus, Submission
from review import services as review_services
from review.models import Flag
from tests import factories as f
from tests.factories import PASSWORD

PERSONAS = (
    "anonymous",
    "official-da-nang",
    "csco-da-nang",
    "official-bangkok",
    "nr-vn",
    "nr-th",
    "asec",
    "partner-adb",
)

# Expected statuses, one per persona in the order above.
EVERYONE = (200,) * 8
DA_NANG_DRAFT_READ = (404, 200, 200, 404, 200, 404, 200, 404)
DA_NANG_EDIT = (401, 200, 200, 404, 403, 404, 403, 404)
DA_NANG_DELETE = (401, 204, 204, 404, 403, 404, 403, 404)
# Creating in Da Nang: Bangkok cannot name a Da Nang draft object (400 on that field); people
# without a city cannot create plan content at all (403).
DA_NANG_CREATE = (401, 201, 201, 400, 403, 403, 403, 403)
ASEC_ONLY_CREATE = (401, 403, 403, 403, 403, 403, 202, 403)
ASEC_RECORDS = (401, 403, 403, 403, 403, 403, 201, 403)
ASEC_EDITS = (401, 403, 403, 403, 403, 403, 200, 403)
PARTNER_AND_ASEC = (401, 403, 403, 403, 403, 403, 200, 200)
# Da Nang's open opportunity is public; only Da Nang's users change it.
DA_NANG_OPPORTUNITY = (401, 200, 200, 403, 403, 403, 403, 403)


@dataclass(frozen=True)
class Row:
    """`target(world)` gives the path parameters (after any set-up the action needs);
    `body(world)` the JSON body."""

    expected: tuple[int, ...]
    target: Callable = lambda world: {}
    body: Callable = lambda world: None


def plan_in(status):
    def target(world):
        world.da_nang_plan.status = status
        world.da_nang_plan.save(update_fields=["status"])
        return {"id": world.da_nang_plan.pk}

    return target


def plan(world):
    return {"id": world.da_nang_plan.pk}


def project(world):
    return {"id": world.da_nang_project.pk}


def fresh_project(world):
    """A project without progress updates, which may be deleted."""
    return {"id": f.ProjectFactory(plan=world.da_nang_plan, title="To delete").pk}


def milestone(world):
    return {"id": world.da_nang_milestone.pk}


def indicator(world):
    return {"id": world.da_nang_indicator.pk}


def update(world):
    return {"id": world.da_nang_update.pk}


def adb(world):
    return {"slug": "asian-development-bank"}


def twinning(world):
    return {"id": world.twinning.pk}


def twinning_body(world):
    return {
        "city": "da-nang",
        "counterpart_city": "Kitakyushu",
        "counterpart_country": "JP",
        "start_year": 2021,
    }


def opportunity(world):
    return {"id": world.opportunity.pk}


def opportunity_body(world):
    return {
        "city": "da-nang",
        "title": "Flood early warning",
        "description": "Sensors and a warning service.",
        "focus_areas": ["built-infrastructure"],
        "support_sought": ["funding"],
    }


def interest(world):
    return {"id": world.interest.pk}


def meeting(world):
    return {"id": world.meeting.pk}


def catalogue_entry(world):
    from action_plans.models import CatalogueIndicator

    entry, _ = CatalogueIndicator.objects.get_or_create(
        code="SDG-11.6.2",
        defaults={"framework": "sdg", "reference": "11.6.2", "name": "PM2.5", "unit": "µg/m³"},
    )
    return {"code": entry.code}


def meeting_body(world):
    return {
        "kind": "workshop",
        "title": "Data workshop",
        "start_date": "2025-03-04",
        "end_date": "2025-03-05",
    }


def project_body(world):
    return {
        "plan": world.da_nang_plan.pk,
        "title": "Matrix project",
        "focus_areas": ["built-infrastructure"],
        "version": 1,
    }


def case_study(world):
    """A published case study of Bangkok's published project: everyone reads it."""
    from django.utils import timezone

    from learning.models import CaseStudy

    written = CaseStudy.objects.create(
        project=world.bangkok_project,
        city=world.bangkok_project.plan.city,
        title="Skytrain lessons",
        problem="P.",
        solution="S.",
        status="published",
        published_at=timezone.now(),
    )
    return {"id": written.pk}


def connection_in(status):
    """Bangkok asked Da Nang to connect: the two cities and ASEC see it; Da Nang answers."""

    def target(world):
        from learning.models import Connection

        asked = Connection.objects.create(
            from_city=world.bangkok_project.plan.city,
            to_city=world.da_nang_plan.city,
            message="May we visit?",
            status=status,
        )
        return {"id": asked.pk}

    return target


ASEC_ACTS = (401, 403, 403, 403, 403, 403, 200, 403)
# On Da Nang's submission: the CSCO submits, ASEC reviews; others in scope may only read it.
DA_NANG_SUBMITS = (401, 403, 200, 404, 403, 404, 403, 404)
DA_NANG_REVIEW = (401, 403, 403, 404, 403, 404, 200, 404)


def cycle_in(status, *, submission="in_progress"):
    """Da Nang's submission of an open (or planned) cycle whose deadline is still ahead."""

    def target(world):
        today = datetime.date.today()
        cycle = f.ReportingCycleFactory(
            year=2025, status=status, deadline=today + datetime.timedelta(days=30)
        )
        row = Submission.objects.create(
            cycle=cycle, city=world.da_nang_plan.city, status=submission
        )
        return {"year": cycle.year, "id": row.pk}

    return target


# Anonymous, both Da Nang users, the Bangkok official, both representatives, ASEC, the partner.
CONNECTION_READ = (404, 200, 200, 200, 404, 404, 200, 404)
DA_NANG_ANSWERS = (401, 200, 200, 403, 404, 404, 403, 404)

MATRIX = {
    "auth_token_create": Row(
        EVERYONE, body=lambda w: {"username": "official-da-nang", "password": PASSWORD}
    ),
    # Reference data and directories: public.
    "countries_list": Row(EVERYONE),
    "countries_retrieve": Row(EVERYONE, lambda w: {"code": "VN"}),
    "cities_list": Row(EVERYONE),
    "cities_retrieve": Row(EVERYONE, lambda w: {"slug": "da-nang"}),
    "cities_recommendations_list": Row(
        (401, 200, 200, 403, 403, 403, 200, 403), lambda w: {"slug": "da-nang"}
    ),
    "focus_areas_list": Row(EVERYONE),
    "focus_areas_retrieve": Row(EVERYONE, lambda w: {"code": "built-infrastructure"}),
    "partners_list": Row(EVERYONE),
    "partners_retrieve": Row(EVERYONE, lambda w: {"slug": "asian-development-bank"}),
    "partners_recommendations_list": Row(PARTNER_AND_ASEC, adb),
    "partners_create": Row(ASEC_RECORDS, body=lambda w: {"name": "Matrix Fund", "kind": "ngo"}),
    "partners_invite_create": Row(ASEC_RECORDS, adb, lambda w: {"email": "new@example.org"}),
    "partners_update": Row(
        PARTNER_AND_ASEC,
        adb,
        lambda w: {"name": "Asian Development Bank", "kind": "development_bank", "version": 1},
    ),
    "partners_partial_update": Row(
        PARTNER_AND_ASEC, adb, lambda w: {"summary": "S.", "version": 1}
    ),
    "twinnings_list": Row(EVERYONE),
    "twinnings_create": Row(ASEC_RECORDS, body=twinning_body),
    "twinnings_retrieve": Row(EVERYONE, twinning),
    "twinnings_update": Row(ASEC_EDITS, twinning, twinning_body),
    "twinnings_partial_update": Row(ASEC_EDITS, twinning, lambda w: {"status": "concluded"}),
    "opportunities_list": Row(EVERYONE),
    "opportunities_create": Row(
        (401, 201, 201, 403, 403, 403, 403, 403), body=lambda w: opportunity_body(w)
    ),
    "opportunities_retrieve": Row(EVERYONE, opportunity),
    "opportunities_update": Row(
        DA_NANG_OPPORTUNITY, opportunity, lambda w: {**opportunity_body(w), "version": 1}
    ),
    "opportunities_partial_update": Row(
        DA_NANG_OPPORTUNITY, opportunity, lambda w: {"title": "T.", "version": 1}
    ),
    "opportunities_close_create": Row(DA_NANG_OPPORTUNITY, opportunity),
    "meetings_list": Row(EVERYONE),
    # The indicator catalogue, its roll-ups across cities and the IATI export: public reads.
    "indicator_catalogue_list": Row(EVERYONE),
    "indicator_catalogue_retrieve": Row(EVERYONE, catalogue_entry),
    "indicator_roll_ups": Row(EVERYONE),
    "iati_activities": Row(EVERYONE),
    "meetings_create": Row(ASEC_RECORDS, body=meeting_body),
    "meetings_retrieve": Row(EVERYONE, meeting),
    "meetings_update": Row(ASEC_EDITS, meeting, meeting_body),
    "meetings_partial_update": Row(ASEC_EDITS, meeting, lambda w: {"theme": "Resilience"}),
    # Action plans and their workflow.
    "action_plans_list": Row(EVERYONE),
    "action_plans_retrieve": Row(DA_NANG_DRAFT_READ, plan),
    "action_plans_update": Row(
        DA_NANG_EDIT, plan, lambda w: {"vision": "V.", "strategic_targets": "", "version": 1}
    ),
    "action_plans_partial_update": Row(
        DA_NANG_EDIT, plan, lambda w: {"vision": "V.", "version": 1}
    ),
    "action_plans_submit_create": Row(
        (401, 403, 200, 404, 403, 404, 403, 404), plan_in(PlanStatus.DRAFT), lambda w: {}
    ),
    "action_plans_endorse_create": Row(
        (401, 403, 403, 404, 200, 404, 403, 404), plan_in(PlanStatus.SUBMITTED), lambda w: {}
    ),
    "action_plans_return_create": Row(
        (401, 403, 403, 404, 200, 404, 200, 404),
        plan_in(PlanStatus.SUBMITTED),
        lambda w: {"comment": "Add budgets."},
    ),
    "action_plans_publish_create": Row(
        (401, 403, 403, 404, 403, 404, 200, 404), plan_in(PlanStatus.ENDORSED), lambda w: {}
    ),
    # A plan's content: its city edits, its country and ASEC read.
    "projects_list": Row(EVERYONE),
    "projects_create": Row(DA_NANG_CREATE, body=project_body),
    "projects_retrieve": Row(DA_NANG_DRAFT_READ, project),
    "projects_update": Row(
        DA_NANG_EDIT, project, lambda w: {**project_body(w), "title": "Renamed"}
    ),
    "projects_partial_update": Row(
        DA_NANG_EDIT, project, lambda w: {"summary": "S.", "version": 1}
    ),
    "projects_destroy": Row(DA_NANG_DELETE, fresh_project),
    "milestones_list": Row(EVERYONE),
    "milestones_create": Row(
        DA_NANG_CREATE,
        body=lambda w: {"project": w.da_nang_project.pk, "title": "M", "due_date": "2025-06-30"},
    ),
    "milestones_retrieve": Row(DA_NANG_DRAFT_READ, milestone),
    "milestones_update": Row(
        DA_NANG_EDIT, milestone, lambda w: {"title": "M", "due_date": "2025-06-30", "version": 1}
    ),
    "milestones_partial_update": Row(
        DA_NANG_EDIT, milestone, lambda w: {"title": "M", "version": 1}
    ),
    "milestones_destroy": Row(DA_NANG_DELETE, milestone),
    "indicators_list": Row(EVERYONE),
    "indicators_create": Row(
        DA_NANG_CREATE, body=lambda w: {"project": w.da_nang_project.pk, "name": "I", "unit": "%"}
    ),
    "indicators_retrieve": Row(DA_NANG_DRAFT_READ, indicator),
    "indicators_update": Row(
        DA_NANG_EDIT, indicator, lambda w: {"name": "I", "unit": "km", "version": 1}
    ),
    "indicators_partial_update": Row(
        DA_NANG_EDIT, indicator, lambda w: {"unit": "km", "version": 1}
    ),
    "indicators_destroy": Row(DA_NANG_DELETE, indicator),
    "indicators_values_create": Row(DA_NANG_EDIT, indicator, lambda w: {"year": 2024, "value": 3}),
    "progress_updates_list": Row(EVERYONE),
    "progress_updates_create": Row(
        DA_NANG_CREATE,
        body=lambda w: {
            "project": w.da_nang_project.pk,
            "year": 2025,
            "percent_complete": 60,
            "status": "on_track",
        },
    ),
    "progress_updates_retrieve": Row(DA_NANG_DRAFT_READ, update),
    "progress_updates_update": Row(
        DA_NANG_EDIT,
        update,
        lambda w: {"percent_complete": 70, "status": "at_risk", "version": 1},
    ),
    "progress_updates_partial_update": Row(
        DA_NANG_EDIT, update, lambda w: {"percent_complete": 70, "version": 1}
    ),
    # Interests: the partner that expressed it, the opportunity's city and ASEC see it.
    "interests_list": Row(EVERYONE),
    "interests_create": Row(
        (401, 403, 403, 403, 403, 403, 403, 201),
        body=lambda w: {"opportunity": w.spare_opportunity.pk, "message": "We can help."},
    ),
    "interests_retrieve": Row((404, 200, 200, 404, 404, 404, 200, 200), interest),
    "interests_accept_create": Row(
        (401, 200, 200, 404, 404, 404, 403, 403), interest, lambda w: {"message": "Welcome."}
    ),
    "interests_decline_create": Row((401, 200, 200, 404, 404, 404, 403, 403), interest),
    "interests_withdraw_create": Row((401, 403, 403, 404, 404, 404, 403, 200), interest),
    # Learning between cities (issue 18): published case studies and peers are public; a city
    # asks another to connect (never itself: 400), only the asked city answers.
    "case_studies_list": Row(EVERYONE),
    "case_studies_retrieve": Row(EVERYONE, case_study),
    "projects_peers_retrieve": Row(DA_NANG_DRAFT_READ, project),
    "connections_list": Row(EVERYONE),
    "connections_create": Row(
        (401, 201, 201, 400, 403, 403, 403, 403),
        body=lambda w: {"to_project": w.bangkok_project.pk, "message": "May we visit?"},
    ),
    "connections_retrieve": Row(CONNECTION_READ, connection_in("pending")),
    "connections_accept_create": Row(DA_NANG_ANSWERS, connection_in("pending"), lambda w: {}),
    "connections_decline_create": Row(DA_NANG_ANSWERS, connection_in("pending"), lambda w: {}),
    "connections_record_create": Row(
        (401, 200, 200, 200, 404, 404, 200, 404),
        connection_in("accepted"),
        lambda w: {"outcome": "study_visit"},
    ),
    # Reports: ASEC requests them; everyone reads the published ones.
    "reports_list": Row(EVERYONE),
    "reports_create": Row(ASEC_ONLY_CREATE, body=lambda w: {"year": 2024}),
    "reports_retrieve": Row(EVERYONE, lambda w: {"id": w.published_report.pk}),
    # Time: periods and cycles are public; ASEC starts, opens and closes them.
    "plan_periods_list": Row(EVERYONE),
    "plan_periods_retrieve": Row(EVERYONE, lambda w: {"code": "ascap-2026-2035"}),
    "plan_periods_start_create": Row(ASEC_ACTS, lambda w: {"code": f.new_period().code}),
    "reporting_cycles_list": Row(EVERYONE),
    "reporting_cycles_retrieve": Row(EVERYONE, cycle_in("open")),
    "reporting_cycles_create": Row(
        (401, 403, 403, 403, 403, 403, 201, 403),
        body=lambda w: {"year": 2027, "deadline": "2028-01-31"},
    ),
    "reporting_cycles_open_create": Row(ASEC_ACTS, cycle_in("planned")),
    "reporting_cycles_close_create": Row(ASEC_ACTS, cycle_in("open"), lambda w: {"confirm": True}),
    "submissions_list": Row(EVERYONE),
    "submissions_retrieve": Row(DA_NANG_DRAFT_READ, cycle_in("open")),
    "submissions_submit_create": Row(DA_NANG_SUBMITS, cycle_in("open"), lambda w: {}),
    "submissions_accept_create": Row(
        DA_NANG_REVIEW, cycle_in("open", submission="submitted"), lambda w: {}
    ),
    "submissions_return_create": Row(
        DA_NANG_REVIEW,
        cycle_in("open", submission="submitted"),
        lambda w: {"comment": "Add the 2025 figures."},
    ),
    "submissions_reopen_create": Row(
        DA_NANG_REVIEW, cycle_in("open"), lambda w: {"reason": "Flooding delayed the data."}
    ),
    # Review (issue 15): flags and queries are the city's, its representative's and ASEC's;
    # reviewers open queries on their cities (another country's object is a 400 on the field),
    # the city and the reviewers write in the thread, the reviewers resolve it.
    "flags_list": Row(EVERYONE),
    "flags_retrieve": Row(DA_NANG_DRAFT_READ, lambda w: {"id": review_flag(w).pk}),
    "queries_list": Row(EVERYONE),
    "queries_create": Row(
        (401, 403, 403, 403, 201, 400, 201, 403),
        body=lambda w: {
            "object_type": "progress_update",
            "object_id": w.da_nang_update.pk,
            "message": "Why so fast?",
        },
    ),
    "queries_retrieve": Row(DA_NANG_DRAFT_READ, lambda w: {"id": review_query(w).pk}),
    "queries_messages_create": Row(
        (401, 201, 201, 404, 201, 404, 201, 404),
        lambda w: {"id": review_query(w).pk},
        lambda w: {"message": "Handed over in May."},
    ),
    "queries_resolve_create": Row(
        (401, 403, 403, 404, 200, 404, 200, 404), lambda w: {"id": review_query(w).pk}
    ),
    "changes_list": Row(EVERYONE),
}


def review_flag(world):
    update = world.da_nang_update
    return Flag.objects.get_or_create(
        update=update,
        rule="jump",
        defaults={"city": update.project.plan.city, "year": update.year, "project": update.project},
    )[0]


def review_query(world):
    return review_services.query_open(
        actor=world.personas["asec"],
        object_type="progress_update",
        object_id=world.da_nang_update.pk,
        message="Why so fast?",
    )


def _operations() -> dict[str, tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        operation["operationId"]: (path, method.upper())
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


OPERATIONS = _operations()


def test_every_operation_has_a_row():
    assert sorted(set(OPERATIONS) - set(MATRIX)) == []
    assert sorted(set(MATRIX) - set(OPERATIONS)) == []


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_each_persona_gets_the_status_of_the_matrix(world, api, operation_id):
    path, method = OPERATIONS[operation_id]
    row = MATRIX[operation_id]
    actual = {}
    for persona in PERSONAS:
        with transaction.atomic():
            url = path.format(**row.target(world))
            response = api(world.personas[persona]).generic(
                method, url, _json(row.body(world)), content_type="application/json"
            )
            actual[persona] = response.status_code
            transaction.set_rollback(True)

    assert actual == dict(zip(PERSONAS, row.expected, strict=True))


def _json(body) -> str:
    import json

    return "" if body is None else json.dumps(body)
