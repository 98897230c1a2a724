"""E-mail leaves through one task, enqueued on commit, written in the recipient's language; a
mail server that is down never turns a saved change into an error (issue 19, point 3)."""

import smtplib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from action_plans.models import PlanStatus
from core.tasks import send_mail
from tests.test_i18n import compiled_catalogue  # noqa: F401 - the Vietnamese .mo, compiled


class MailServerDown(BaseEmailBackend):
    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDown"
    MailServerDown.attempts = 0
    return MailServerDown


@pytest.fixture
def sent_mail_tasks(monkeypatch):
    """The mail tasks enqueued, run at once in the test process as a worker would."""
    results = []
    monkeypatch.setattr(send_mail, "delay", lambda *args: results.append(send_mail.apply(args)))
    return results


def submit_through_the_api(plan, csco):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=csco).key}")
    return client.post(f"/api/action-plans/{plan.pk}/submit/", {}, format="json")


def test_a_plan_submitted_while_the_mail_server_is_down_is_saved_and_the_mail_task_retries(
    da_nang_plan,
    da_nang_csco,
    viet_nam_rep,
    mail_server_down,
    sent_mail_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_through_the_api(da_nang_plan, da_nang_csco)

    assert response.status_code == 200, response.json()
    da_nang_plan.refresh_from_db()
    assert da_nang_plan.status == PlanStatus.SUBMITTED
    assert len(sent_mail_tasks) == 1
    # Eagerly, Celery runs each retry at once: every attempt met the server down.
    assert mail_server_down.attempts == send_mail.max_retries + 1
    assert isinstance(sent_mail_tasks[0].result, smtplib.SMTPServerDisconnected)


def test_the_mail_task_is_retried_with_backoff_for_about_a_day():
    assert send_mail.autoretry_for == (OSError,)  # smtplib's errors are OSErrors
    assert send_mail.retry_backoff == 30 and send_mail.retry_backoff_max == 3600
    assert send_mail.max_retries * send_mail.retry_backoff_max >= 24 * 3600


def test_the_mail_is_written_in_the_recipient_s_language(
    da_nang_plan, da_nang_csco, viet_nam_rep, mailoutbox, django_capture_on_commit_callbacks
):
    viet_nam_rep.language = "vi"
    viet_nam_rep.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        submit_through_the_api(da_nang_plan, da_nang_csco)

    assert [m.to for m in mailoutbox] == [[viet_nam_rep.email]]
    assert mailoutbox[0].subject == "Kế hoạch hành động của Da Nang đang chờ thông qua"


def test_only_the_mail_module_uses_django_s_mail_functions():
    """Every e-mail takes the one path: nothing else imports django.core.mail."""
    base = Path(settings.BASE_DIR)
    apps = [base / app for app in APPS]
    users = [
        str(path.relative_to(base))
        for folder in apps
        for path in folder.rglob("*.py")
        if "from django.core.mail import" in path.read_text()
    ]
    assert users == ["core/mail.py"]


APPS = (
    "ascn_portal",
    "core",
    "reference",
    "demo",
    "accounts",
    "cities",
    "action_plans",
    "partners",
    "meetings",
    "reports",
    "learning",
)
