"""Password reset is limited per e-mail address and per client address, with a clear message,
and answers the same whether an account has the address or not (issue 19, point 10).

Addresses and client addresses are new in every run: the counters live in the cache, which is
Redis (shared between runs) when REDIS_URL is set.
"""

import random
import uuid

import pytest
from django.urls import reverse

from tests import factories as f

TOO_MANY = "Too many password reset requests"


@pytest.fixture
def rates(settings):
    def set_rates(address: str, client: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "password_reset_address": address,
                "password_reset_client": client,
            },
        }

    return set_rates


def new_address() -> str:
    return f"reset-{uuid.uuid4().hex[:12]}@example.org"


def new_client_address() -> str:
    return "10." + ".".join(str(random.randrange(256)) for _ in range(3))


def ask(client, email: str, ip: str):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("has_account", [True, False], ids=["known", "unknown"])
def test_a_fourth_reset_for_one_address_within_the_hour_is_refused_with_a_message(
    client, db, rates, mailoutbox, django_capture_on_commit_callbacks, has_account
):
    rates(address="3/hour", client="1000/hour")
    email = new_address()
    if has_account:
        f.UserFactory(email=email)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask(client, email, new_client_address()) for _ in range(4)]

    assert [a.status_code for a in answers] == [302, 302, 302, 200]
    assert {a["Location"] for a in answers[:3]} == {reverse("password_reset_done")}
    assert TOO_MANY in answers[3].content.decode()
    assert len(mailoutbox) == (3 if has_account else 0)


def test_one_client_asking_for_many_addresses_is_limited_too(client, db, rates):
    rates(address="1000/hour", client="2/hour")
    ip = new_client_address()

    answers = [ask(client, new_address(), ip) for _ in range(3)]

    assert [a.status_code for a in answers] == [302, 302, 200]
    assert TOO_MANY in answers[2].content.decode()
    assert ask(client, new_address(), new_client_address()).status_code == 302
