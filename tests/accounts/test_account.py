"""The account page: each person sets the language the portal's e-mail to them is written in
(the reminders of issue 14 follow it), through accounts.services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.services import user_language_set


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def test_a_city_official_chooses_vietnamese_for_their_e_mail(da_nang_official, client_for):
    client = client_for(da_nang_official)
    page = client.get("/accounts/settings/").content.decode()
    assert "Language of your e-mail" in page and "Da Nang" in page

    response = client.post("/accounts/settings/", {"language": "vi"})

    assert response.status_code == 302 and response["Location"] == "/accounts/settings/"
    da_nang_official.refresh_from_db()
    assert da_nang_official.language == "vi"


def test_an_unknown_language_is_a_field_error_and_changes_nothing(da_nang_official, client_for):
    response = client_for(da_nang_official).post("/accounts/settings/", {"language": "fr"})

    assert response.status_code == 200 and "errorlist" in response.content.decode()
    da_nang_official.refresh_from_db()
    assert da_nang_official.language == ""


def test_the_account_page_is_for_signed_in_people(client, db):
    response = client.get("/accounts/settings/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nobody_sets_another_persons_language(da_nang_official, asec_user):
    with pytest.raises(PermissionDenied):
        user_language_set(user=da_nang_official, actor=asec_user, language="vi")
    with pytest.raises(ValidationError):
        user_language_set(user=asec_user, actor=asec_user, language="fr")
    da_nang_official.refresh_from_db()
    assert da_nang_official.language == ""
