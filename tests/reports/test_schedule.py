from celery.schedules import crontab
from django.conf import settings

from ascn_portal.celery import app


def test_beat_runs_a_monthly_draft_report_and_daily_cycle_reminders():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["monthly-draft-report"]["schedule"] == crontab(minute=0, hour=2, day_of_month=1)
    assert schedule["cycle-reminders"]["schedule"] == crontab(minute=0, hour=1)
    app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_scheduled_draft_report_is_requested_by_the_system(db, monkeypatch):
    from reports import tasks
    from reports.models import AnnualReport

    monkeypatch.setattr("reports.tasks.build_report.delay", lambda pk: None)
    pk = tasks.request_scheduled_report()
    report = AnnualReport.objects.get(pk=pk)
    assert report.requested_by is None and report.status == "queued"
