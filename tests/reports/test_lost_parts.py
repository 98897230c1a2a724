"""Lost work of the report job is found by heartbeats, not by the broker's visibility timeout
(issue 19, points 1 and 2); tests/integration kills a real worker."""

import datetime

import pytest
from django.utils import timezone

from reports import tasks
from reports.annual import pipeline, render
from reports.models import AnnualReport, PendingPart
from reports.services import WAITING_FOR_BROKER, report_request

LONG_AGO = datetime.timedelta(hours=1)


def started_report():
    report = AnnualReport.objects.create(year=2024)
    work = pipeline.start(report.pk)
    return report, work


def age(**filters):
    """Make what matches look silent for an hour (report heartbeat and part rows)."""
    past = timezone.now() - LONG_AGO
    PendingPart.objects.filter(**filters).update(sent_at=past)
    AnnualReport.objects.update(heartbeat_at=past)
    return past


def test_every_part_sent_to_the_workers_is_pending_until_it_is_stored(network, da_nang):
    report, work = started_report()

    assert PendingPart.objects.filter(report=report).count() == work.total
    pipeline.annex(report.pk, da_nang.pk, work.total)
    assert not PendingPart.objects.filter(key=pipeline.annex_key(da_nang.pk)).exists()


def test_a_start_delivered_twice_sends_no_part_twice(network):
    report, work = started_report()

    again = pipeline.start(report.pk)

    assert work.sections and (again.sections, again.city_ids) == ([], [])


def test_a_part_whose_worker_stopped_beating_is_sent_again_once(network):
    report, _ = started_report()
    key = render.SECTION_KEYS[0]
    assert pipeline.claim_part(report.pk, key)  # a worker took it, then died
    PendingPart.objects.filter(key=key).update(heartbeat_at=timezone.now() - LONG_AGO)

    assert pipeline.lost_parts() == [(report.pk, key)]
    assert pipeline.lost_parts() == []  # sent again: fresh until the stall time passes


def test_a_part_a_live_worker_is_laying_out_is_neither_sent_again_nor_taken_twice(network):
    report, _ = started_report()
    key = render.SECTION_KEYS[0]
    assert pipeline.claim_part(report.pk, key)
    age()  # the report looks silent, but the part's own heartbeat is fresh

    assert (report.pk, key) not in pipeline.lost_parts()
    assert pipeline.claim_part(report.pk, key) is False


def test_parts_never_started_are_sent_again_only_while_the_whole_report_is_silent(network):
    report, work = started_report()
    PendingPart.objects.update(sent_at=timezone.now() - LONG_AGO)
    AnnualReport.objects.update(heartbeat_at=timezone.now())  # other parts are being laid out

    assert pipeline.lost_parts() == []
    age()
    assert len(pipeline.lost_parts()) == work.total


def test_the_resume_task_sends_lost_parts_and_the_report_completes(eager, network, da_nang):
    report, work = started_report()
    for key in render.SECTION_KEYS:
        pipeline.section(report.pk, key, work.total)
    pipeline.claim_part(report.pk, pipeline.annex_key(da_nang.pk))  # lost with its worker
    PendingPart.objects.update(heartbeat_at=timezone.now() - LONG_AGO)
    age()

    assert tasks.resume_stalled_reports() == [report.pk]
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
    assert not PendingPart.objects.exists()


def test_a_report_asked_for_while_the_broker_is_down_stays_queued_and_says_why(
    network, asec_user, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def broker_down(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.build_report, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report, created = report_request(year=2024, actor=asec_user)

    report.refresh_from_db()
    assert created and report.status == "queued"
    assert report.stage == WAITING_FOR_BROKER


def test_a_report_saved_while_the_broker_was_down_is_started_by_the_resume_task(eager, network):
    report = AnnualReport.objects.create(year=2024, stage=WAITING_FOR_BROKER)
    AnnualReport.objects.update(created_at=timezone.now() - LONG_AGO)

    assert tasks.resume_stalled_reports() == [report.pk]
    report.refresh_from_db()
    assert report.status == "succeeded", report.error


def test_asking_again_for_a_report_still_queued_sends_it_again(
    eager, network, asec_user, django_capture_on_commit_callbacks
):
    queued = AnnualReport.objects.create(year=2024, stage=WAITING_FOR_BROKER)

    with django_capture_on_commit_callbacks(execute=True):
        report, created = report_request(year=2024, actor=asec_user)

    report.refresh_from_db()
    assert (report.pk, created) == (queued.pk, False)
    assert report.status == "succeeded", report.error


def test_lost_report_work_is_looked_for_often_enough_to_finish_within_two_minutes(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["resume-stalled-reports"]["schedule"]

    assert schedule == datetime.timedelta(seconds=settings.REPORT_RESUME_EVERY_SECONDS)
    # A lost part is sent again at most stall + resume interval after its last heartbeat.
    assert settings.REPORT_STALL_SECONDS + settings.REPORT_RESUME_EVERY_SECONDS <= 60


def test_a_part_retried_after_it_was_stored_still_hands_the_report_over_to_assembly(
    network, da_nang, bangkok, monkeypatch
):
    """The last part was stored, then its task failed before claiming the assembly (a database
    error) and was retried: the retry claims it instead of finding nothing to do."""
    report, work = started_report()
    for key in render.SECTION_KEYS:
        pipeline.section(report.pk, key, work.total)
    pipeline.annex(report.pk, da_nang.pk, work.total)
    with monkeypatch.context() as failing:
        failing.setattr(pipeline, "_part_stored", lambda report_id, total: False)
        pipeline.annex(report.pk, bangkok.pk, work.total)

    assert pipeline.annex(report.pk, bangkok.pk, work.total) is True  # the retry
    assert pipeline.annex(report.pk, bangkok.pk, work.total) is False  # only once


def test_a_retry_of_the_task_that_claimed_a_part_takes_it_back(network, da_nang, monkeypatch):
    """A transient error after the claim (SQLite's "database is locked" at 10× the network):
    Celery retries the same task (same id), which takes its own claim back and stores the part
    at once; another task still finds the part taken."""
    from django.db import OperationalError

    report, work = started_report()
    key = pipeline.annex_key(da_nang.pk)
    real = render.render_annex_pdf
    calls = []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "render_annex_pdf", locked_once)
    with pytest.raises(OperationalError):
        pipeline.annex(report.pk, da_nang.pk, work.total, owner="task-1")

    assert pipeline.claim_part(report.pk, key, owner="task-2") is False  # a live claim
    pipeline.annex(report.pk, da_nang.pk, work.total, owner="task-1")  # the retry
    assert not PendingPart.objects.filter(key=key).exists()
    assert report.annexes.filter(city=da_nang).exists()
