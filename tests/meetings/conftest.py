import datetime

import pytest

from tests.meetings.factories import MeetingFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas are created in every matrix test; real hashing would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh MEDIA_ROOT per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        kind="annual",
        number=3,
        title="3rd ASCN Annual Meeting",
        start_date=datetime.date(2020, 7, 17),
    )
