"""Building a real annual report in a test: the Celery job runs eagerly, files go to a temporary
MEDIA_ROOT. Plans are published through the workflow's own service, so that the report reads
them as the public would."""

from contextlib import contextmanager, nullcontext

from django.test import override_settings

from action_plans.models import PlanStatus
from action_plans.services import plan_publish
from reports.services import report_request


@contextmanager
def eager_celery(media_root):
    from ascn_portal.celery import app

    eager = {"task_always_eager": True, "task_eager_propagates": False}
    before = {key: app.conf.changes[key] for key in eager if key in app.conf.changes}
    app.conf.update(eager)
    try:
        with override_settings(MEDIA_ROOT=media_root):
            yield
    finally:
        # Back to reading Django's settings, which other tests change with the settings fixture.
        for key in eager:
            app.conf.changes.pop(key, None)
        app.conf.update(before)


def publish(plan, asec):
    plan.status = PlanStatus.ENDORSED
    plan.save(update_fields=["status"])
    return plan_publish(plan=plan, actor=asec)


def write_narrative(year, asec, language="en"):
    """ASEC's narrative of the year: without it a report can be previewed, not published."""
    from reports.services import narrative_save

    return narrative_save(
        year=year,
        language=language,
        actor=asec,
        foreword="The network's year, in the Secretariat's words.",
        executive_summary="Cities moved their plans forward.",
        observations="Cities should report on time and explain large jumps.",
    )


def build_report(year, asec, capture_on_commit=None, *, narrative=False):
    """The report of `year`, built to the end (with ASEC's narrative written first when
    `narrative`, so that it can be published). Inside a test's transaction, pass
    `django_capture_on_commit_callbacks`: the job is enqueued on commit."""
    if narrative:
        write_narrative(year, asec)
    with capture_on_commit(execute=True) if capture_on_commit else nullcontext():
        report, _created = report_request(year=year, actor=asec)
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
    return report
