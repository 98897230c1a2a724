"""Building a real annual report in a test: the Celery job runs eagerly, files go to a temporary
MEDIA_ROOT. Plans are published through the workflow's own service, so that the report reads
them as the public would."""

from contextlib import contextmanager

from action_plans.models import PlanStatus
from action_plans.services import plan_publish
from reports.services import report_request


@contextmanager
def eager_celery(settings, media_root):
    from ascn_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    settings.MEDIA_ROOT = media_root
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False
    try:
        yield
    finally:
        app.conf.task_always_eager = False


def publish(plan, asec):
    plan.status = PlanStatus.ENDORSED
    plan.save(update_fields=["status"])
    return plan_publish(plan=plan, actor=asec)


def build_report(year, asec, capture_on_commit):
    """The report of `year`, built to the end; its files are on the report."""
    with capture_on_commit(execute=True):
        report, _created = report_request(year=year, actor=asec)
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
    return report
