"""The report job's steps, called by the thin Celery tasks in reports/annual/tasks.py.

Flow: `report_request` (service, ASEC) → `start` (one task: fans out) → `annex` (one task per
city, in parallel on any number of workers) → `finish` (network sections, the four files,
succeeded). The annex that completes the set claims the report for `finish` with a conditional
UPDATE, so exactly one `finish` is enqueued, whatever order the annexes end in and however often
one of them is re-delivered; no chord counter in the result backend has to survive a crash.
Every step is idempotent, so a message re-delivered after a worker crash redoes its work without
harm; the report is marked succeeded only once all four files exist.
"""

from __future__ import annotations

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from reports.annual import content, render
from reports.models import AnnualReport, CityAnnex

log = logging.getLogger(__name__)

FILES = (("html", "html_file"), ("pdf", "pdf_file"), ("xlsx", "xlsx_file"), ("json", "json_file"))


def _active(report_id: int):
    """The report if it still needs work; None when it is gone or already finished."""
    report = AnnualReport.objects.filter(pk=report_id).first()
    if report is None or report.status not in AnnualReport.ACTIVE:
        return None
    return report


def set_stage(report_id: int, *, stage: str, progress: int) -> None:
    AnnualReport.objects.filter(pk=report_id, status__in=AnnualReport.ACTIVE).update(
        stage=stage, progress=progress, heartbeat_at=timezone.now()
    )


def start(report_id: int) -> tuple[list[int], int] | None:
    """Mark the report running; return the ids of the cities whose annexes are still to be
    computed (all of them, unless a resumed job kept some) and the number of cities."""
    report = _active(report_id)
    if report is None:
        return None
    AnnualReport.objects.filter(pk=report_id, status__in=AnnualReport.ACTIVE).update(
        status=AnnualReport.Status.RUNNING, heartbeat_at=timezone.now()
    )
    # A re-delivered `start` never moves progress back; a resumed job was reset to 5 before.
    AnnualReport.objects.filter(
        pk=report_id, status__in=AnnualReport.ACTIVE, progress__lt=5
    ).update(stage=gettext_noop("Computing city annexes"), progress=5)
    AnnualReport.objects.filter(pk=report_id, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    done = set(CityAnnex.objects.filter(report_id=report_id).values_list("city_id", flat=True))
    cities = content.annex_city_ids()
    return [city_id for city_id in cities if city_id not in done], len(cities)


def stalled_reports(*, silent_for: datetime.timedelta) -> list[int]:
    """Active reports with no sign of life for a while: their job was lost (e.g. a worker was
    killed while the broker cannot re-deliver, as kombu's filesystem transport)."""
    cutoff = timezone.now() - silent_for
    stalled = AnnualReport.objects.filter(status__in=AnnualReport.ACTIVE).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    return list(stalled.values_list("pk", flat=True))


ANNEXES_DONE = 65  # progress once every city's annex is stored; `finish` starts above it


def annex(report_id: int, city_id: int, total: int) -> bool:
    """Store one city's annex. True when this call completed the set and claimed the report
    for `finish` (the caller enqueues it); False otherwise, including when it is already claimed."""
    report = _active(report_id)
    if report is None:
        return False
    CityAnnex.objects.update_or_create(
        report_id=report_id,
        city_id=city_id,
        defaults={"content": content.city_annex(city_id, report.year)},
    )
    done = CityAnnex.objects.filter(report_id=report_id).count()
    if done >= total:
        return claim_finish(report_id)
    # Progress only moves forward: two annexes ending together never show the older count last.
    progress = 5 + (ANNEXES_DONE - 5) * done // max(total, 1)
    AnnualReport.objects.filter(
        pk=report_id, status__in=AnnualReport.ACTIVE, progress__lt=progress
    ).update(
        stage=f"City annexes computed: {done} of {total}",
        progress=progress,
        heartbeat_at=timezone.now(),
    )
    return False


def claim_finish(report_id: int) -> bool:
    """Move the report to the assembly stage; True for the one caller that did (then it enqueues
    `finish`), False if another annex or a resumed job already has."""
    claimed = AnnualReport.objects.filter(
        pk=report_id, status__in=AnnualReport.ACTIVE, progress__lt=ANNEXES_DONE + 1
    ).update(
        stage=gettext_noop("Network sections"),
        progress=ANNEXES_DONE + 1,
        heartbeat_at=timezone.now(),
    )
    return bool(claimed)


def finish(report_id: int) -> None:
    report = _active(report_id)
    if report is None:
        return
    set_stage(report_id, stage=gettext_noop("Network sections"), progress=70)
    order = {city_id: i for i, city_id in enumerate(content.annex_city_ids())}
    annexes = sorted(
        CityAnnex.objects.filter(report_id=report_id),
        key=lambda a: order.get(a.city_id, len(order)),
    )
    data = content.assemble(content.network_content(report.year), [a.content for a in annexes])
    files = {"json": render.render_json(data), "xlsx": render.render_xlsx(data)}
    set_stage(report_id, stage=gettext_noop("HTML and spreadsheet"), progress=80)
    files["html"] = render.render_html(data).encode("utf-8")
    set_stage(report_id, stage="PDF", progress=88)
    files["pdf"] = render.render_pdf(files["html"].decode("utf-8"))
    _store(report, data["data_hash"], files)


def _store(report: AnnualReport, data_hash: str, files: dict[str, bytes]) -> None:
    """Save the four files, then mark succeeded, in that order: never succeeded with a gap."""
    base = f"ascn-progress-report-{report.year}-{data_hash[:12]}"
    for extension, field in FILES:
        getattr(report, field).save(
            f"{base}.{extension}", ContentFile(files[extension]), save=False
        )
    missing = [
        f
        for _, f in FILES
        if not getattr(report, f) or not getattr(report, f).storage.exists(getattr(report, f).name)
    ]
    if missing:
        raise RuntimeError(f"Files were not stored: {', '.join(missing)}")
    with transaction.atomic():
        updated = AnnualReport.objects.filter(pk=report.pk, status__in=AnnualReport.ACTIVE).update(
            **{field: getattr(report, field).name for _, field in FILES},
            data_hash=data_hash,
            status=AnnualReport.Status.SUCCEEDED,
            progress=100,
            stage=gettext_noop("Done"),
            finished_at=timezone.now(),
            error="",
        )
        if updated:
            CityAnnex.objects.filter(report_id=report.pk).delete()


def fail(report_id: int, message: str) -> None:
    """Mark the report failed with a message a person can act on; its files are not kept."""
    log.error("Report %s failed: %s", report_id, message)
    AnnualReport.objects.filter(pk=report_id, status__in=AnnualReport.ACTIVE).update(
        status=AnnualReport.Status.FAILED,
        error=message[:2000],
        finished_at=timezone.now(),
        stage=gettext_noop("Failed"),
    )
