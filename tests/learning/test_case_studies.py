"""Case studies (issue 18, point 1): a city writes, ASEC publishes; the public reads only what
ASEC published, everywhere (library, detail, API, project page)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import services
from learning.models import TEXT_LIMIT, CaseStudy
from tests.learning.conftest import CASE_STUDY, case_study

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def test_da_nang_official_writes_and_submits_a_case_study_asec_publishes_it(net, client_for):
    official = net.personas["official-da-nang"]
    written = case_study(net.water, official, status="in_review")
    assert written.city.slug == "da-nang"
    published = services.case_study_publish(case_study=written, actor=net.asec)
    assert published.status == "published" and published.published_by == net.asec
    page = client_for(AnonymousUser()).get(reverse("learning:library"))
    assert CASE_STUDY["title"] in page.content.decode()


@pytest.mark.parametrize("persona", ["official-da-nang", "csco-da-nang", "nr-vn"])
def test_a_city_can_never_publish_its_own_case_study(net, persona):
    written = case_study(net.water, net.personas["official-da-nang"], status="in_review")
    with pytest.raises(PermissionDenied):
        services.case_study_publish(case_study=written, actor=net.personas[persona])
    assert CaseStudy.objects.get(pk=written.pk).status == "in_review"


def test_bangkok_official_cannot_write_about_da_nang_projects(net):
    with pytest.raises(PermissionDenied):
        services.case_study_create(
            project=net.water, actor=net.personas["official-bangkok"], data=CASE_STUDY
        )


@pytest.mark.parametrize("status", ["draft", "in_review"])
@pytest.mark.parametrize("persona", ["anonymous", "official-bangkok", "partner-adb", "nr-th"])
def test_unpublished_case_studies_are_invisible_outside_their_city(
    net, client_for, api, persona, status
):
    written = case_study(net.water, net.personas["official-da-nang"], status=status)
    user = net.personas[persona]
    client = client_for(user)
    assert CASE_STUDY["title"] not in client.get(reverse("learning:library")).content.decode()
    searched = client.get(reverse("learning:library"), {"q": "remote"}).content.decode()
    assert CASE_STUDY["title"] not in searched
    assert client.get(written.get_absolute_url()).status_code == 404
    project_page = client.get(reverse("action_plans:project", args=[net.water.pk]))
    assert CASE_STUDY["title"] not in project_page.content.decode()
    listed = api(user).get("/api/case-studies/", {"search": "remote"}).json()
    assert listed["count"] == 0
    assert api(user).get(f"/api/case-studies/{written.pk}/").status_code == 404


def test_the_city_and_its_representative_see_the_draft(net, client_for):
    written = case_study(net.water, net.personas["official-da-nang"])
    for persona in ("official-da-nang", "nr-vn", "asec"):
        client = client_for(net.personas[persona])
        assert client.get(written.get_absolute_url()).status_code == 200


def test_a_published_case_study_of_a_project_the_public_cannot_see_stays_hidden(
    net, api, da_nang_official
):
    from action_plans import services as plan_services

    project = plan_services.project_create(
        plan=net.plans["da-nang"],
        actor=da_nang_official,
        data={"title": "New idea", "focus_areas": [net.environment], "stage": "planning"},
    )
    case_study(project, net.asec, status="published", publisher=net.asec)
    assert api(AnonymousUser()).get("/api/case-studies/").json()["count"] == 0


def test_the_api_lists_published_case_studies_with_the_project_as_published(net, api):
    case_study(net.meters, net.asec, status="published", publisher=net.asec)
    body = api(AnonymousUser()).get("/api/case-studies/", {"focus_area": "built-infrastructure"})
    (row,) = body.json()["results"]
    assert row["project"] == net.meters.pk
    assert row["city"] == "ha-noi" and row["country"] == "VN"
    assert row["stage"] == "completed" and row["focus_areas"] == ["built-infrastructure"]
    assert row["status"] == "published"


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"focus_area": "quality-environment"}, 0),
        ({"country": "VN"}, 1),
        ({"country": "TH"}, 0),
        ({"stage": "completed"}, 1),
        ({"stage": "planning"}, 0),
        ({"gesi": "women-girls"}, 0),
        ({"search": "Smart Water Meters"}, 1),
        ({"search": "nothing like it"}, 0),
    ],
)
def test_the_library_and_the_api_filter_alike(net, api, client_for, params, found):
    case_study(net.meters, net.asec, status="published", publisher=net.asec)
    assert api(AnonymousUser()).get("/api/case-studies/", params).json()["count"] == found
    page_params = {("q" if k == "search" else k): v for k, v in params.items()}
    page = client_for(AnonymousUser()).get(reverse("learning:library"), page_params)
    assert (CASE_STUDY["title"] in page.content.decode()) == bool(found)


def test_a_bad_filter_value_is_a_400_not_a_500(net, api):
    response = api(AnonymousUser()).get("/api/case-studies/", {"stage": "sometime"})
    assert response.status_code == 400 and "stage" in response.json()


def test_over_long_text_gets_a_message_next_to_the_field_and_keeps_what_was_typed(net, client_for):
    client = client_for(net.personas["official-da-nang"])
    data = {**CASE_STUDY, "problem": "x" * (TEXT_LIMIT + 1)}
    response = client.post(reverse("learning:case_study_create", args=[net.water.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["problem"]
    assert response.context["form"]["solution"].value() == CASE_STUDY["solution"]
    assert not CaseStudy.objects.exists()


def test_a_file_over_the_size_limit_is_refused_with_a_message(net, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1024
    written = case_study(net.water, net.personas["official-da-nang"])
    big = SimpleUploadedFile("report.pdf", PDF + b"0" * 2048)
    response = client_for(net.personas["official-da-nang"]).post(
        reverse("learning:case_study_file_add", args=[written.pk]), {"file": big}
    )
    assert response.status_code == 400
    assert "too large" in str(response.context["file_form"].errors["file"])
    assert not written.files.exists()


def test_a_page_renamed_to_pdf_is_refused(net, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    written = case_study(net.water, net.personas["official-da-nang"])
    with pytest.raises(ValidationError):
        services.case_study_file_add(
            case_study=written,
            actor=net.personas["official-da-nang"],
            upload=SimpleUploadedFile("photo.pdf", b"<html><script>x</script></html>"),
        )


def test_results_link_only_to_the_projects_own_indicators(net):
    from tests import factories as f

    elsewhere = f.IndicatorFactory(project=net.meters)
    with pytest.raises(ValidationError) as refused:
        services.case_study_create(
            project=net.water,
            actor=net.personas["official-da-nang"],
            data={**CASE_STUDY, "indicators": [elsewhere]},
        )
    assert "indicators" in refused.value.message_dict


def test_asec_returns_a_published_case_study_and_it_leaves_the_public(net, api):
    written = case_study(net.meters, net.asec, status="published", publisher=net.asec)
    services.case_study_return(case_study=written, actor=net.asec, comment="Add the cost.")
    assert api(AnonymousUser()).get("/api/case-studies/").json()["count"] == 0
    with pytest.raises(ValidationError):
        services.case_study_return(case_study=written, actor=net.asec, comment=" ")


def test_the_project_page_shows_its_published_case_study_and_its_peers(net, client_for):
    case_study(net.meters, net.asec, status="published", publisher=net.asec)
    page = client_for(AnonymousUser()).get(reverse("action_plans:project", args=[net.water.pk]))
    html = page.content.decode()
    assert "Smart Water Meters" in html
    meters = client_for(AnonymousUser()).get(reverse("action_plans:project", args=[net.meters.pk]))
    assert CASE_STUDY["title"] in meters.content.decode()


def test_the_service_refuses_over_long_text_whoever_calls_it(net):
    with pytest.raises(ValidationError) as refused:
        services.case_study_create(
            project=net.water,
            actor=net.personas["official-da-nang"],
            data={**CASE_STUDY, "lessons": "x" * (TEXT_LIMIT + 1)},
        )
    assert "lessons" in refused.value.message_dict
    assert not CaseStudy.objects.exists()
