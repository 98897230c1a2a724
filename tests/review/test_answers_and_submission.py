"""A flagged claim needs a reason or evidence before the city submits its yearly report (issue 15
point 2); the flag stays visible to ASEC with the answer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from action_plans.services import cycles
from review import services
from review.models import Flag
from tests.sample_files import pdf_bytes


def pdf_upload(content=None):
    return SimpleUploadedFile("handover.pdf", content or pdf_bytes(), "application/pdf")


def test_submitting_with_an_unanswered_flag_is_refused_with_the_list_of_what_is_missing(
    report, da_nang_csco
):
    with pytest.raises(ValidationError) as refused:
        cycles.submission_submit(submission=report.submission, actor=da_nang_csco)

    missing = refused.value.message_dict["flags"]
    assert missing[0] == "Answer each flagged figure before submitting (1 left):"
    assert missing[1].startswith("Smart traffic: Percent complete jumped from 27 % in 2024")
    report.submission.refresh_from_db()
    assert report.submission.status == "in_progress"


@pytest.mark.parametrize(
    "answer",
    [
        {"text": "The contractor finished early; see the handover minutes."},
        {"link": "https://danang.gov.vn/traffic-handover"},
        {"upload": "pdf"},
    ],
    ids=["text", "link", "file"],
)
def test_an_explanation_a_link_or_a_file_lets_the_city_submit(report, da_nang_csco, answer):
    if answer.get("upload"):
        answer = {"upload": pdf_upload()}
    services.flag_answer(flag=Flag.objects.get(), actor=da_nang_csco, **answer)

    submitted = cycles.submission_submit(submission=report.submission, actor=da_nang_csco)
    assert submitted.status == "submitted"


def test_an_answer_with_no_text_no_file_and_no_link_is_refused(report, da_nang_csco):
    with pytest.raises(ValidationError) as refused:
        services.flag_answer(flag=Flag.objects.get(), actor=da_nang_csco, text="  ")

    assert refused.value.message_dict == {
        "answer": ["Give a short explanation, attach an evidence file or add a link."]
    }


def test_only_the_citys_users_answer_its_flags(report, bangkok_official, asec_user):
    for outsider in (bangkok_official, asec_user):
        with pytest.raises(PermissionDenied):
            services.flag_answer(flag=Flag.objects.get(), actor=outsider, text="Because.")


def test_the_answer_form_keeps_what_was_typed_when_the_file_is_refused(
    report, da_nang_official, client
):
    client.force_login(da_nang_official)
    flag = Flag.objects.get()
    fake = pdf_upload(content=b"<html>not a pdf</html>")

    response = client.post(
        f"/review/flags/{flag.pk}/answer/", {"answer": "Handed over in May.", "file": fake}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Handed over in May." in page
    assert "not a valid PDF file" in page
    flag.refresh_from_db()
    assert not flag.resolved


def test_asec_sees_the_flag_with_the_citys_answer(report, da_nang_official, asec_user, client):
    flag = Flag.objects.get()
    services.flag_answer(flag=flag, actor=da_nang_official, text="Handed over <b>early</b>.")
    client.force_login(asec_user)

    page = client.get(f"/review/submissions/{report.submission.pk}/").content.decode()

    assert "Percent complete jumped from 27 %" in page
    assert "Handed over &lt;b&gt;early&lt;/b&gt;." in page


def test_the_city_answers_on_the_progress_page_and_is_sent_back_there(
    report, da_nang_official, client
):
    client.force_login(da_nang_official)
    page_url = f"/projects/{report.project.pk}/progress/2025/"
    flag = Flag.objects.get()

    response = client.post(
        f"/review/flags/{flag.pk}/answer/", {"answer": "Finished early.", "next": page_url}
    )

    assert response.status_code == 302 and response["Location"] == page_url
    assert "Finished early." in client.get(page_url).content.decode()
