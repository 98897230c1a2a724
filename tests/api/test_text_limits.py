"""Every text a person writes has a limit, refused with a message on its field, stated in the
schema, and held by the services for every write path (issue 19, point 6)."""

import pytest
from django.core.exceptions import ValidationError

from action_plans.services import projects as project_services
from core import text_limits

TOO_LONG = "Ensure this field has no more than {limit} characters."


def test_a_project_summary_over_the_limit_is_a_400_on_the_field(world, api):
    client = api(world.personas["official-da-nang"])
    url = f"/api/projects/{world.da_nang_project.pk}/"
    body = {
        "summary": "x" * (text_limits.SUMMARY + 1),
        "version": client.get(url).json()["version"],
    }

    response = client.patch(url, body, format="json")

    assert response.status_code == 400
    assert response.json() == {"summary": [TOO_LONG.format(limit=text_limits.SUMMARY)]}


def test_an_interest_message_over_the_limit_is_a_400_on_the_field(world, api):
    body = {
        "opportunity": world.spare_opportunity.pk,
        "message": "x" * (text_limits.MESSAGE + 1),
    }

    response = api(world.personas["partner-adb"]).post("/api/interests/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": [TOO_LONG.format(limit=text_limits.MESSAGE)]}


def test_an_opportunity_description_over_the_limit_is_a_400_on_the_field(world, api):
    client = api(world.personas["official-da-nang"])
    url = f"/api/opportunities/{world.spare_opportunity.pk}/"
    version = client.get(url).json()["version"]
    body = {"description": "x" * (text_limits.DESCRIPTION + 1), "version": version}

    response = client.patch(url, body, format="json")

    assert response.json() == {"description": [TOO_LONG.format(limit=text_limits.DESCRIPTION)]}


@pytest.mark.parametrize(
    ("component", "field", "limit"),
    [
        ("Project", "summary", text_limits.SUMMARY),
        ("ProgressUpdate", "narrative", text_limits.SUMMARY),
        ("Opportunity", "description", text_limits.DESCRIPTION),
        ("Interest", "message", text_limits.MESSAGE),
        ("ActionPlan", "vision", text_limits.DESCRIPTION),
    ],
)
def test_the_schema_states_each_text_limit(world, api, component, field, limit):
    schema = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert schema["components"]["schemas"][component]["properties"][field]["maxLength"] == limit


def test_the_services_refuse_a_text_over_the_limit_whoever_calls_them(world):
    project = world.da_nang_project

    with pytest.raises(ValidationError) as refused:
        project_services.project_update(
            project=project,
            actor=world.personas["official-da-nang"],
            data={"summary": "x" * (text_limits.SUMMARY + 1)},
            version=project.version,
        )
    assert "summary" in refused.value.message_dict


@pytest.mark.parametrize(
    ("form_class", "field", "limit"),
    [
        ("partners.forms.InterestForm", "message", text_limits.MESSAGE),
        ("partners.forms.DecisionForm", "message", text_limits.MESSAGE),
        ("action_plans.forms.WorkflowForm", "comment", text_limits.COMMENT),
    ],
)
def test_the_web_forms_refuse_a_text_over_the_limit_on_its_field(db, form_class, field, limit):
    from django.utils.module_loading import import_string

    form = import_string(form_class)(data={field: "x" * (limit + 1)})

    assert form.fields[field].max_length == limit
    assert field in form.errors


def test_the_project_editor_bounds_its_text_fields(db):
    from action_plans.forms import ProjectForm

    fields = ProjectForm.base_fields
    assert fields["summary"].max_length == text_limits.SUMMARY
    assert fields["summary"].widget.attrs["maxlength"] == str(text_limits.SUMMARY)
