"""Thin Celery tasks of the reports app: the annual report job (take ids, call the pipeline,
retry what is transient) and the reminders to cities whose reports are missing.

Crash safety comes from the settings (acks_late, reject_on_worker_lost, prefetch 1, a broker
visibility timeout above the hard time limit): a task whose worker dies is delivered again and,
being idempotent, simply runs again. A task that fails for good marks the report failed.
"""

from __future__ import annotations

import datetime

from celery import Task, group, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError as BrokerError

from action_plans.calendar import reporting_year
from core.broker import enqueue
from core.policy import SYSTEM
from reports.annual import pipeline
from reports.reminders import update_reminders_deliver

# The services enqueue these tasks and the tasks call back into them: the one pair of modules
# allowed to import each other (docs/architecture.md); the services import the tasks late.
from reports.services import report_request

TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)


class ReportTask(Task):
    # Progress lives in the report row. Without a result to track, sending a task touches only
    # the broker: the result store's reconnection loop would hold a web request for 19 s when
    # Redis is down.
    ignore_result = True
    autoretry_for = TRANSIENT
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 5

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs["report_id"]
        if isinstance(exc, SoftTimeLimitExceeded):
            message = gettext_noop(
                "The report took longer than the time limit allows; try again or raise it."
            )
        else:
            message = f"{type(exc).__name__}: {exc}"
        pipeline.fail(report_id, message)


@shared_task(bind=True, base=ReportTask, name="reports.build")
def build_report(self, report_id: int) -> None:
    """Fan out one task per PDF part of the network sections and one per batch of city annexes;
    the part that completes the set enqueues `finish`. Half the annexes' batches go before the
    network sections' content is computed, so that the other workers lay them out meanwhile;
    the sections' parts (the longest first) before the other half, in a large report the two
    that take the most memory among that half (pipeline.send_order)."""
    work = pipeline.begin(report_id)
    if work is None:
        return
    batches = pipeline.annex_batches(work.city_ids)
    half = (len(batches) + 1) // 2
    early, late = batches[:half], batches[half:]
    _send([build_city_annexes.si(report_id, ids, work.total) for ids in early])
    pipeline.network(report_id)
    _send(
        [
            build_section.si(report_id, part, work.total)
            if isinstance(part, str)
            else build_city_annexes.si(report_id, part, work.total)
            for part in pipeline.send_order(work.sections, late, work.total)
        ]
    )
    if not work.sections and not work.city_ids:
        # Every part is already there (a resumed job): straight to assembly. Parts still on
        # their way (a re-delivered `start`) will claim it themselves.
        stored = pipeline.stored_parts(report_id) >= work.total
        if stored and pipeline.claim_finish(report_id):
            _finish(report_id, work.total)


def _send(signatures: list) -> None:
    if signatures:
        group(signatures).apply_async()


@shared_task(bind=True, base=ReportTask, name="reports.section")
def build_section(self, report_id: int, key: str, total: int) -> None:
    if pipeline.section(report_id, key, total, owner=self.request.id or ""):
        _finish(report_id, total)


@shared_task(bind=True, base=ReportTask, name="reports.annexes")
def build_city_annexes(self, report_id: int, city_ids: list[int], total: int) -> None:
    if pipeline.city_annexes(report_id, city_ids, total, owner=self.request.id or ""):
        _finish(report_id, total)


# One city's annex: the messages of a job started before annexes went in batches.
@shared_task(bind=True, base=ReportTask, name="reports.annex")
def build_city_annex(self, report_id: int, city_id: int, total: int) -> None:
    if pipeline.annex(report_id, city_id, total, owner=self.request.id or ""):
        _finish(report_id, total)


@shared_task(bind=True, base=ReportTask, name="reports.finish")
def finish_report(self, report_id: int, step: str = "") -> None:
    """One step of `finish` (pipeline.FINISH_STEPS); all of them without one (a message sent
    before the steps were tasks of their own)."""
    pipeline.finish(report_id, (step,) if step else pipeline.FINISH_STEPS)


def _finish(report_id: int, total: int) -> None:
    """The steps of `finish` sent together, the longest (the PDF) first, for the workers to
    write the PDF and the other files in parallel; for a large report, one task for both."""
    if pipeline.finish_in_parallel(total):
        group(finish_report.si(report_id, step) for step in ("pdf", "files")).apply_async()
    else:
        finish_report.delay(report_id)


@shared_task(name="reports.scheduled_draft")
def request_scheduled_report() -> int:
    """Celery beat: a draft report for the current year, so ASEC always has a fresh one."""
    report, _created = report_request(year=timezone.localdate().year, actor=SYSTEM)
    return report.pk


@shared_task(name="reports.resume_stalled")
def resume_stalled_reports(silent_for_seconds: int | None = None) -> list[int]:
    """Celery beat (every REPORT_RESUME_EVERY_SECONDS): send again the parts whose worker
    stopped beating, and restart reports silent with nothing pending (their work is kept).
    Returns the reports resumed either way."""
    silence = None
    if silent_for_seconds is not None:
        silence = datetime.timedelta(seconds=silent_for_seconds)
    return sorted(_send_lost_parts(silence) | _restart_stalled(silence))


def _send_lost_parts(silence) -> set[int]:
    """The lost parts sent again: each section's alone, a report's lost annexes in batches."""
    lost: dict[int, list[int]] = {}
    totals = {}
    for report_id, key in pipeline.lost_parts(silent_for=silence):
        total = totals.setdefault(report_id, pipeline.part_total(report_id))
        city_id = pipeline.annex_city(key)
        if city_id is None:
            enqueue(build_section, report_id, key, total)
        else:
            lost.setdefault(report_id, []).append(city_id)
    for report_id, city_ids in lost.items():
        for batch in pipeline.annex_batches(city_ids):
            enqueue(build_city_annexes, report_id, batch, totals[report_id])
    return set(totals)


def _restart_stalled(silence) -> set[int]:
    stalled = pipeline.stalled_reports(silent_for=silence)
    for report_id in stalled:
        pipeline.set_stage(
            report_id, stage=gettext_noop("Resuming after an interruption"), progress=5
        )
        enqueue(build_report, report_id)
    return set(stalled)


@shared_task(
    name="reports.send_update_reminders",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_update_reminders(year: int | None = None, city_ids: list[int] | None = None) -> int:
    """Remind the member cities that have not handed in their report of `year` (default: the
    reporting year)."""
    return update_reminders_deliver(year=year or reporting_year(), city_ids=city_ids)
