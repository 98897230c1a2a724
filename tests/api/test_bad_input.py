"""Whatever a client sends, the answer is a 4xx that says what is wrong, never a 500."""

import pytest


@pytest.fixture
def official(world, api):
    return api(world.personas["official-da-nang"])


def _patch_project(client, world, body, **kwargs):
    return client.generic(
        "PATCH",
        f"/api/projects/{world.da_nang_project.pk}/",
        body,
        content_type=kwargs.get("content_type", "application/json"),
    )


def test_unreadable_json_is_a_400_that_says_so(world, official):
    response = _patch_project(official, world, '{"title": "x", ')

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_json_list_instead_of_an_object_is_a_400(world, official):
    response = _patch_project(official, world, '["title"]')

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_other_content_types_are_415(world, official):
    response = _patch_project(official, world, "title=x", content_type="text/plain")

    assert response.status_code == 415


def test_unknown_fields_are_named_in_a_400(world, official):
    response = official.patch(
        f"/api/projects/{world.da_nang_project.pk}/",
        {"titel": "typo", "version": 1},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"titel": ["Unknown field."]}


def test_read_only_fields_sent_back_are_ignored(world, official):
    url = f"/api/projects/{world.da_nang_project.pk}/"
    current = official.get(url).json()

    response = official.put(url, {**current, "title": "Round trip"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Round trip"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start_year", "next year"),
        ("start_year", 10**30),
        ("start_year", -1),
        ("start_year", 1.5),
        ("budget_usd", "1e400"),
        ("budget_usd", 10**20),
        ("budget_usd", -5),
        ("budget_usd", "NaN"),
        ("seeking_partners", "perhaps"),
        ("focus_areas", "built-infrastructure"),
        ("focus_areas", ["no-such-area"]),
        ("focus_areas", [{"code": "built-infrastructure"}]),
        ("stage", "dreaming"),
        ("title", ""),
        ("title", "x" * 201),
        ("title", "nul\x00byte"),
        ("title", None),
        ("version", "one"),
        ("version", 10**30),
    ],
)
def test_wrong_types_and_out_of_range_values_are_400_on_their_field(world, official, field, value):
    body = {"version": 1, field: value}

    response = official.patch(f"/api/projects/{world.da_nang_project.pk}/", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_huge_number_written_in_json_is_a_400_not_an_overflow(world, official):
    response = _patch_project(official, world, '{"version": 1, "start_year": 1e999}')

    assert response.status_code == 400
    assert "start_year" in response.json()


def test_nan_literal_in_json_is_refused(world, official):
    response = _patch_project(official, world, '{"version": 1, "budget_usd": NaN}')

    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "year=99999999999999999999",
        "year=abc",
        "plan=99999999999999999999999",
        "plan=-1",
        "status=dreaming",
        "seeking_partners=perhaps",
        "country=VNM",
    ],
)
def test_bad_filter_values_are_a_400(world, api, query):
    response = api().get(f"/api/projects/?{query}")

    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "query", ["page=0", "page=abc", "page=99999999999999999999", "page_size=1&page=9"]
)
def test_pages_that_do_not_exist_are_a_404(world, api, query):
    assert api().get(f"/api/projects/?{query}").status_code == 404


@pytest.mark.parametrize(
    "query", ["ordering=-nonsense", "ordering=password", "search=%00", "focus_area=%00", "city=%00"]
)
def test_odd_but_harmless_queries_answer_normally(world, api, query):
    assert api().get(f"/api/projects/?{query}").status_code in (200, 400)


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/99999999999999999999999/",
        "/api/projects/abc/",
        "/api/countries/VNM/",
        "/api/cities/%00/",
        "/api/partners/no-such-partner/",
    ],
)
def test_unknown_objects_are_a_404(world, api, path):
    assert api().get(path).status_code == 404


def test_a_workflow_action_with_an_unknown_field_is_a_400(world, api):
    response = api(world.personas["csco-da-nang"]).post(
        f"/api/action-plans/{world.da_nang_plan.pk}/submit/", {"coment": "typo"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"coment": ["Unknown field."]}


def test_creating_an_object_with_a_project_that_does_not_exist_is_a_400(world, official):
    response = official.post(
        "/api/milestones/",
        {"project": 10**25, "title": "x", "due_date": "2025-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "project" in response.json()


def test_dates_out_of_range_are_refused(world, official):
    response = official.post(
        "/api/milestones/",
        {"project": world.da_nang_project.pk, "title": "x", "due_date": "99999-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "due_date" in response.json()


@pytest.mark.parametrize("method", ["OPTIONS", "HEAD"])
@pytest.mark.parametrize(
    "path", ["/api/projects/", "/api/action-plans/{plan}/", "/api/interests/", "/api/nowhere/"]
)
def test_options_and_head_answer_without_error(world, api, method, path):
    client = api(world.personas["official-da-nang"])

    response = client.generic(method, path.format(plan=world.da_nang_plan.pk))

    assert response.status_code in (200, 404), response.content
    assert response["Content-Type"] == "application/json"


# --- Issue 19: deep JSON, fixed fields, contract details -----------------------------------------


@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_too_deeply_is_a_400_that_says_so(world, official, depth):
    body = '{"summary": ' + "[" * depth + "]" * depth + ', "version": 1}'

    response = _patch_project(official, world, body)

    assert response.status_code == 400
    assert "nested deeper than 32 levels" in response.json()["detail"]


def test_json_nested_too_deeply_on_the_token_endpoint_is_a_400(world, api):
    body = '{"username": ' + "[" * 100_000 + "]" * 100_000 + "}"

    response = api().generic("POST", "/api/auth/token/", body, content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/api/projects/{da_nang_project}/", "plan", "{bangkok_plan}"),
        ("/api/projects/{da_nang_project}/", "position", 99),
        ("/api/milestones/{da_nang_milestone}/", "project", "{bangkok_project}"),
        ("/api/progress-updates/{da_nang_update}/", "year", 2019),
        ("/api/progress-updates/{da_nang_update}/", "project", "{bangkok_project}"),
    ],
)
def test_changing_a_field_that_cannot_change_is_a_400_naming_it(
    world, official, path, field, value
):
    ids = {name: getattr(world, name).pk for name in ("da_nang_project", "da_nang_milestone")}
    ids |= {name: getattr(world, name).pk for name in ("da_nang_update", "bangkok_project")}
    ids["bangkok_plan"] = world.bangkok_project.plan_id
    url = path.format(**ids)
    current = official.get(url).json()
    sent = int(value.format(**ids)) if isinstance(value, str) else value

    response = official.patch(url, {field: sent, "version": current["version"]}, format="json")

    assert response.status_code == 400, response.content
    assert response.json() == {field: ["This field cannot be changed."]}


def test_a_partner_slug_cannot_be_changed(world, api):
    client = api(world.personas["partner-adb"])
    url = "/api/partners/asian-development-bank/"
    version = client.get(url).json()["version"]

    response = client.patch(url, {"slug": "adb", "version": version}, format="json")

    assert response.json() == {"slug": ["This field cannot be changed."]}


def test_a_null_character_in_the_search_is_a_400_naming_the_parameter(world, api):
    response = api().get("/api/projects/?search=a%00b")

    assert response.status_code == 400
    assert response.json() == {"search": ["Null characters are not allowed."]}


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND"])
@pytest.mark.parametrize("persona", ["anonymous", "official-da-nang"])
def test_methods_the_api_does_not_answer_are_405_for_everyone(world, api, method, persona):
    client = api(world.personas[persona])
    for path in ("/api/projects/", f"/api/projects/{world.bangkok_project.pk}/"):
        assert client.generic(method, path).status_code == 405, path


@pytest.mark.parametrize("query", ["page=", "format="])
def test_an_empty_page_or_format_is_a_400_naming_it(world, api, query):
    response = api().get(f"/api/projects/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [query.rstrip("=")]


def test_the_schema_states_the_length_of_the_country_city_and_focus_area_filters(world, api):
    schema = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = schema["paths"]["/api/projects/"]["get"]["parameters"]
    lengths = {p["name"]: p["schema"].get("maxLength") for p in parameters}

    assert (lengths["country"], lengths["city"], lengths["focus_area"]) == (2, 80, 40)
