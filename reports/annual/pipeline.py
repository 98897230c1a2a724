"""The report job's steps, called by the thin Celery tasks in reports/tasks.py.

Flow: `report_request` (service, ASEC) → `start` (one task: records what the report is built
from and sends the first batches of city annexes, which do not need the network sections; then
computes the network sections' content once and sends their parts and the other batches) → one
`section` task per PDF part of the network sections and one `annexes` task per batch of cities,
all in parallel on any number of workers → `finish` (the PDF and the other files, two steps;
succeeded once all four are stored). The part that completes the set claims the report for
`finish` with a conditional UPDATE, so exactly one `finish` is enqueued, whatever order the
parts end in and however often one of them is re-delivered; no chord counter in the result
backend has to survive a crash.
Every step is idempotent, so a message re-delivered after a worker crash redoes its work without
harm; the report is marked succeeded only once all four files exist.

Lost work is found by heartbeats rather than by the broker's visibility timeout (minutes): each
part sent to the workers has a `PendingPart` row, claimed by the worker laying it out, which
beats it (and the report's `heartbeat_at`) from a thread while it works. The resume beat task
(`resume_stalled_reports`) sends again the parts whose heartbeat stopped, and restarts reports
that went silent with nothing pending (a lost `start` or `finish`, or a report saved while the
broker was down). A part is laid out by one live worker at a time: a duplicate message finds the
part claimed or stored and does nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import logging
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from reports.annual import annexes, content, document, render
from reports.models import AnnualReport, CityAnnex, PendingPart, ReportPart

log = logging.getLogger(__name__)

FILES = (("html", "html_file"), ("pdf", "pdf_file"), ("xlsx", "xlsx_file"), ("json", "json_file"))
PARTS_DONE = 65  # progress once every part is stored; `finish` starts above it


@dataclass(frozen=True)
class Work:
    """What `start` leaves to the parallel tasks; `total` counts all parts, done or not."""

    sections: list[str]
    city_ids: list[int]
    total: int


def _active(report_id: int, *, with_network: bool = False):
    """The report if it still needs work; None when it is gone or already finished. The network
    content (up to a few MB) is read only by the steps that use it."""
    reports = AnnualReport.objects.filter(pk=report_id)
    report = (reports if with_network else reports.defer("network")).first()
    if report is None or report.status not in AnnualReport.ACTIVE:
        return None
    return report


def set_stage(report_id: int, *, stage: str, progress: int) -> None:
    AnnualReport.objects.filter(pk=report_id, status__in=AnnualReport.ACTIVE).update(
        stage=stage, progress=progress, heartbeat_at=timezone.now()
    )


def start(report_id: int) -> Work | None:
    """`begin`, then `network`: the parts still to lay out (all of them, unless a resumed job
    kept some), the network sections' content stored."""
    work = begin(report_id)
    if work is not None:
        network(report_id)
    return work


def begin(report_id: int) -> Work | None:
    """Mark the report running, record what it is built from (once: a resumed job keeps it) and
    mark pending the parts still to lay out, returned (the caller sends them). The city annexes
    need nothing of the network sections: the caller sends them before computing those
    (`network`)."""
    report = _active(report_id)
    if report is None:
        return None
    AnnualReport.objects.filter(pk=report_id, status__in=AnnualReport.ACTIVE).update(
        status=AnnualReport.Status.RUNNING, heartbeat_at=timezone.now()
    )
    # A re-delivered `start` never moves progress back; a resumed job was reset to 5 before.
    AnnualReport.objects.filter(
        pk=report_id, status__in=AnnualReport.ACTIVE, progress__lt=5
    ).update(stage=gettext_noop("Network sections"), progress=5)
    AnnualReport.objects.filter(pk=report_id, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    if report.basis is None:
        AnnualReport.objects.filter(pk=report_id, basis__isnull=True).update(
            basis=content.report_basis(report.year)
        )
    cities = annexes.annex_city_ids(report.year)
    sections, city_ids = _parts_to_send(report_id, cities)
    return Work(sections=sections, city_ids=city_ids, total=len(render.SECTION_KEYS) + len(cities))


def network(report_id: int):
    """The network sections' content, computed once from the recorded basis and stored (a
    resumed job keeps it); None when the report needs no more work. A section's part sent
    again after its `start` was lost computes it itself."""
    report = _active(report_id, with_network=True)
    if report is None or report.network is not None:
        return report.network if report else None
    with beating(report_id), fewer_collections():
        computed = content.network_content(
            report.year, publications=report.publication_ids, language=report.language
        )
    AnnualReport.objects.filter(pk=report_id, network__isnull=True).update(network=computed)
    # What was stored first (two computations may differ if ASEC saved a narrative meanwhile).
    return AnnualReport.objects.values_list("network", flat=True).get(pk=report_id)


# Cities per `annexes` task: a task's own cost (claim, heartbeat thread, store, count, hand-over)
# and the annexes' queries are paid once a batch; small enough that the batches spread evenly
# over the workers and a lost one costs little to lay out again.
ANNEX_BATCH = 6


def annex_batches(city_ids: list[int]) -> list[list[int]]:
    """The cities in batches of at most ANNEX_BATCH, of sizes that differ by one at most, in
    annex order."""
    count = -(-len(city_ids) // ANNEX_BATCH)
    bounds = [len(city_ids) * i // count for i in range(count + 1)] if count else [0]
    return [city_ids[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


ANNEX_PREFIX = "city:"


def annex_key(city_id: int) -> str:
    return f"{ANNEX_PREFIX}{city_id}"


def annex_city(key: str) -> int | None:
    """The city of an annex's key; None for a section's."""
    return int(key.removeprefix(ANNEX_PREFIX)) if key.startswith(ANNEX_PREFIX) else None


def _parts_to_send(report_id: int, cities: list[int]) -> tuple[list[str], list[int]]:
    """(section keys, longest first; city ids) of the parts neither stored nor pending, now
    marked pending."""
    done_sections = set(
        ReportPart.objects.filter(report_id=report_id).values_list("key", flat=True)
    )
    done_cities = set(
        CityAnnex.objects.filter(report_id=report_id).values_list("city_id", flat=True)
    )
    missing = [key for key in render.SECTION_KEYS if key not in done_sections] + [
        annex_key(city_id) for city_id in cities if city_id not in done_cities
    ]
    to_send = _mark_pending(report_id, missing)
    return (
        sorted((key for key in to_send if annex_city(key) is None), key=_send_rank),
        [annex_city(key) for key in to_send if annex_city(key) is not None],
    )


# The sections' parts in the order they are sent: the longest layouts first (CPU seconds at
# scale 1: focus areas 1.2, front 0.75, context 0.6; data quality 1.5 at scale 10), so that the
# short ones and the annexes even out the workers' ends.
SECTIONS_LONGEST_FIRST = (
    "focus-areas",
    "front",
    "context",
    "data-quality",
    "network",
    "annex-index",
    "appendix-a",
    "appendix-b",
)


def _send_rank(key: str) -> int:
    rank = SECTIONS_LONGEST_FIRST
    return rank.index(key) if key in rank else len(rank)


# The Typst sections whose layout takes the most memory (at scale 10, data quality +190 MB for
# its 133 pages, appendix A +120 MB: Typst's own, about the same for any table structure or
# without tags; bench/README.md). In a large report they are sent among the last annex batches,
# in this order, so that each is laid out while the other process lays out annexes: never beside
# focus areas or the network section (WeasyPrint, +100 and +50 MB), nor beside each other.
SPREAD_AMONG_ANNEXES = ("data-quality", "appendix-a")


def send_order(sections: list[str], batches: list[list[int]], total: int) -> list[str | list[int]]:
    """The sections' parts (keys) and the last annex batches (lists of city ids) in the order
    `build` sends them. Up to FINISH_IN_PARALLEL_UP_TO parts: the sections, longest first, then
    the batches. Above it: the other sections first, then the batches with SPREAD_AMONG_ANNEXES
    sent a third and two thirds of the way through them (the WeasyPrint sections before them are
    laid out by then), so that at most one of them is laid out at a time, beside annexes."""
    if finish_in_parallel(total) or not batches:
        return [*sections, *batches]
    spread = [key for key in SPREAD_AMONG_ANNEXES if key in sections]
    order: list[str | list[int]] = [key for key in sections if key not in spread]
    # Before which batch each goes (with fewer batches than spread sections, a resumed job, two
    # may go before the same one: both are still sent).
    before = [len(batches) * (i + 1) // (len(spread) + 1) for i in range(len(spread))]
    for i, batch in enumerate(batches):
        order.extend(key for key, at in zip(spread, before, strict=True) if at == i)
        order.append(batch)
    return order


def part_total(report_id: int) -> int:
    year = AnnualReport.objects.values_list("year", flat=True).get(pk=report_id)
    return len(render.SECTION_KEYS) + len(annexes.annex_city_ids(year))


def _mark_pending(report_id: int, keys: list[str]) -> list[str]:
    """The parts of `keys` not pending yet, now marked pending (the caller sends them): a
    re-delivered `start` does not send twice what is already on its way."""
    pending = set(
        PendingPart.objects.filter(report_id=report_id, key__in=keys).values_list("key", flat=True)
    )
    new = [key for key in keys if key not in pending]
    now = timezone.now()
    PendingPart.objects.bulk_create(
        [PendingPart(report_id=report_id, key=key, sent_at=now) for key in new],
        ignore_conflicts=True,
    )
    return new


def _stall_cutoff(silent_for: datetime.timedelta | None = None) -> datetime.datetime:
    return timezone.now() - (
        silent_for or datetime.timedelta(seconds=settings.REPORT_STALL_SECONDS)
    )


def claim_part(report_id: int, key: str, owner: str = "") -> bool:
    """Take a pending part for this worker; False when it is stored already or a live worker
    (heartbeat within the stall time) has it. `owner` is the Celery task's id: a retry of the
    task that claimed the part (a transient database error after the claim) takes it back,
    rather than leaving it to the resume task's next round."""
    free = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stall_cutoff())
    if owner:
        free |= Q(claimed_by=owner)
    claimed = (
        PendingPart.objects.filter(report_id=report_id, key=key)
        .filter(free)
        .update(heartbeat_at=timezone.now(), claimed_by=owner)
    )
    return bool(claimed)


def claim_parts(report_id: int, keys: list[str], owner: str = "") -> list[str]:
    """Take the pending parts of `keys` that are free (as `claim_part`), in one update; the
    keys taken, in the order of `keys`."""
    free = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stall_cutoff())
    if owner:
        free |= Q(claimed_by=owner)
    token = owner or f"claim-{uuid.uuid4().hex}"
    parts = PendingPart.objects.filter(report_id=report_id, key__in=keys)
    if not parts.filter(free).update(heartbeat_at=timezone.now(), claimed_by=token):
        return []
    taken = set(parts.filter(claimed_by=token).values_list("key", flat=True))
    return [key for key in keys if key in taken]


# The cyclic garbage collector's first threshold while a part is laid out. WeasyPrint makes
# hundreds of thousands of short-lived objects a part, most of them in cycles (a box and its
# children), and at Python's default (700) every few thousand of them start a collection that
# walks the young objects, and every 70,000 or so one that walks all of the process's objects
# (230,000 for Django, WeasyPrint and Typst loaded): a fifth of the sections' CPU (focus areas,
# front, context and network: 1.93 → 1.60 s in one process, bench/README.md). Collections still
# run, less often; the thresholds are set back after each part.
LAYOUT_GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the garbage collector's first threshold at LAYOUT_GC_THRESHOLD."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], LAYOUT_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def beating(report_id: int, keys: tuple[str, ...] | list[str] = ()) -> Iterator[None]:
    """Beat the report's (and the parts') heartbeat from a thread while the block runs: a
    layout can take longer than the stall time, and only a dead worker may look silent."""
    stop = threading.Event()
    thread = threading.Thread(target=_beat, args=(report_id, list(keys), stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _beat(report_id: int, keys: list[str], stop: threading.Event) -> None:
    interval = settings.REPORT_STALL_SECONDS / 4
    try:
        while not stop.wait(interval):
            now = timezone.now()
            AnnualReport.objects.filter(pk=report_id, status__in=AnnualReport.ACTIVE).update(
                heartbeat_at=now
            )
            if keys:
                PendingPart.objects.filter(report_id=report_id, key__in=keys).update(
                    heartbeat_at=now
                )
    except DatabaseError as exc:
        log.warning("Report %s: heartbeat not recorded: %s", report_id, exc)
    finally:
        connection.close()  # this thread's own connection


def lost_parts(*, silent_for: datetime.timedelta | None = None) -> list[tuple[int, str]]:
    """Pending parts of active reports that no live worker is laying out, marked as sent again
    (the caller sends them): claimed by a worker whose heartbeat stopped, or never started
    while their report shows no sign of life (taken by a worker that died before starting)."""
    cutoff = _stall_cutoff(silent_for)
    silent = _silent_reports(cutoff)
    lost = PendingPart.objects.filter(report__status__in=AnnualReport.ACTIVE).filter(
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, sent_at__lt=cutoff, report__in=silent)
    )
    resent = []
    for part in lost:
        # Conditional on what was read, so two resume tasks never both send the same part.
        if PendingPart.objects.filter(
            pk=part.pk, sent_at=part.sent_at, heartbeat_at=part.heartbeat_at
        ).update(sent_at=timezone.now(), heartbeat_at=None):
            resent.append((part.report_id, part.key))
    return resent


def _silent_reports(cutoff: datetime.datetime):
    return AnnualReport.objects.filter(status__in=AnnualReport.ACTIVE).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )


def stalled_reports(*, silent_for: datetime.timedelta | None = None) -> list[int]:
    """Active reports with no sign of life for a while and no part pending: their `start` or
    `finish` was lost with a worker, or never sent (the broker was down when it was asked for)."""
    pending = PendingPart.objects.filter(report=OuterRef("pk"))
    stalled = _silent_reports(_stall_cutoff(silent_for)).filter(~Exists(pending))
    return list(stalled.values_list("pk", flat=True))


def section(report_id: int, key: str, total: int, owner: str = "") -> bool:
    """Lay out one part of the network sections. True when this call completed the set of parts
    and claimed the report for `finish` (the caller enqueues it), as `annex`."""
    report = _active(report_id, with_network=True)
    if report is None:
        return False
    if not claim_part(report_id, key, owner):
        return _set_complete(report_id, total)
    sections = report.network if report.network is not None else network(report_id)
    with beating(report_id, [key]), fewer_collections():
        pdf = render.render_section_pdf(
            key, sections, annexes.annex_index(report.year, report.language)
        )
    document.release_memory()  # the layout's memory, before the process waits for its next task
    with transaction.atomic():
        ReportPart.objects.update_or_create(report_id=report_id, key=key, defaults={"pdf": pdf})
        PendingPart.objects.filter(report_id=report_id, key=key).delete()
    return _part_stored(report_id, total)


def annex(report_id: int, city_id: int, total: int, owner: str = "") -> bool:
    """One city's annex: `city_annexes` of that city alone."""
    return city_annexes(report_id, [city_id], total, owner)


def city_annexes(report_id: int, city_ids: list[int], total: int, owner: str = "") -> bool:
    """Compute and lay out a batch of cities' annexes, those not stored yet nor taken by a live
    worker. True when this call completed the set of parts and claimed the report for `finish`
    (the caller enqueues it); False otherwise, including when the report is already claimed.
    Each city stays a part of its own (pending, claimed, beaten, stored): a batch lost with its
    worker is sent again (its cities' parts), and a city stored already is not laid out again."""
    report = _active(report_id)
    if report is None:
        return False
    keys = claim_parts(report_id, [annex_key(city_id) for city_id in city_ids], owner)
    if not keys:
        return _set_complete(report_id, total)
    cities = [annex_city(key) for key in keys]
    with beating(report_id, keys), fewer_collections():
        contents = annexes.city_annexes(
            cities, report.year, publications=report.publication_ids, language=report.language
        )
        laid_out = [
            CityAnnex(
                report_id=report_id,
                city_id=city_id,
                content=contents[city_id],
                pdf=render.render_annex_pdf(contents[city_id], report.year, report.language),
            )
            for city_id in cities
        ]
    document.release_memory()  # the layout's memory, before the process waits for its next task
    with transaction.atomic():
        CityAnnex.objects.bulk_create(
            laid_out,
            update_conflicts=True,
            unique_fields=["report", "city"],
            update_fields=["content", "pdf"],
        )
        PendingPart.objects.filter(report_id=report_id, key__in=keys).delete()
    return _part_stored(report_id, total)


def stored_parts(report_id: int) -> int:
    return (
        ReportPart.objects.filter(report_id=report_id).count()
        + CityAnnex.objects.filter(report_id=report_id).count()
    )


def _set_complete(report_id: int, total: int) -> bool:
    """For a part stored already (or being laid out by a live worker): claim the assembly if the
    set is complete. A part whose storing succeeded but whose claim failed (a database error, then
    a retry) must not leave the report waiting for an assembly nobody enqueues."""
    return stored_parts(report_id) >= total and claim_finish(report_id)


def _part_stored(report_id: int, total: int) -> bool:
    done = stored_parts(report_id)
    if done >= total:
        return claim_finish(report_id)
    # Progress only moves forward: two parts ending together never show the older count last.
    progress = 5 + (PARTS_DONE - 5) * done // max(total, 1)
    AnnualReport.objects.filter(
        pk=report_id, status__in=AnnualReport.ACTIVE, progress__lt=progress
    ).update(
        stage=f"Sections and city annexes laid out: {done} of {total}",
        progress=progress,
        heartbeat_at=timezone.now(),
    )
    return False


def claim_finish(report_id: int) -> bool:
    """Move the report to the assembly stage; True for the one caller that did (then it enqueues
    `finish`), False if another part or a resumed job already has."""
    claimed = AnnualReport.objects.filter(
        pk=report_id, status__in=AnnualReport.ACTIVE, progress__lt=PARTS_DONE + 1
    ).update(
        stage=gettext_noop("HTML and spreadsheet"),
        progress=PARTS_DONE + 1,
        heartbeat_at=timezone.now(),
    )
    return bool(claimed)


# `finish` in two steps: the PDF (cover and contents, join, stamp) and the other three files.
# Each step stores its files; the one that stores the last marks the report succeeded. For a
# report of up to FINISH_IN_PARALLEL_UP_TO parts they are two tasks, run in parallel (0.4 s of
# the 1.8 s of `finish` at scale 1); above, one task runs both, one after another: two processes
# holding the whole content at once add their memory (at scale 10 the process writing the files
# grew by ~100 MB, for 2.4 s of ~46; bench/README.md), and the files are no longer held during
# the join.
FINISH_STEPS = ("files", "pdf")  # one after another: the stages shown in this order
FINISH_IN_PARALLEL_UP_TO = 100


def finish_in_parallel(total: int) -> bool:
    return total <= FINISH_IN_PARALLEL_UP_TO


def finish(report_id: int, steps: tuple[str, ...] = FINISH_STEPS) -> None:
    """Write the files of `steps` (all four by default, one after another), then mark the
    report succeeded if all four are stored."""
    with beating(report_id):
        for step in steps:
            # Read afresh for each step: `_assemble` lets go of the network content once it is
            # in the step's data.
            report = _active(report_id, with_network=True)
            if report is None:
                return
            _assemble(report, step)


def _assemble(report: AnnualReport, step: str) -> None:
    """The files of `step`, each written to a temporary file as soon as it is made, so that the
    process holds one at a time; for the PDF, its parts read from the database a few at a time
    (qpdf's joined file is what weighs most: bench/README.md)."""
    report_id = report.pk
    order = {city_id: i for i, city_id in enumerate(annexes.annex_city_ids(report.year))}
    stored = CityAnnex.objects.filter(report_id=report_id)
    city_annexes = sorted(
        stored.defer("pdf"),
        key=lambda a: order.get(a.city_id, len(order)),
    )
    data = content.assemble(report.network, [a.content for a in city_annexes])
    report.network = None  # in `data` now
    as_of = content.as_of(report.basis, report.year, report.language)
    with contextlib.ExitStack() as files_open:
        files = {}

        def spooled(extension: str, made: bytes) -> None:
            files[extension] = files_open.enter_context(tempfile.TemporaryFile())
            files[extension].write(made)

        if step == "pdf":
            sections = _part_files(ReportPart.objects.filter(report_id=report_id), "key")
            cities = _part_files(stored, "city_id")
            files["pdf"] = files_open.enter_context(tempfile.TemporaryFile())
            document.assemble_pdf(
                data,
                [sections.pop(key) for key in render.SECTION_KEYS],
                [cities.pop(a.city_id) for a in city_annexes],
                as_of=as_of,
                out=files["pdf"],
            )
        else:
            spooled("json", render.render_json(data))
            spooled("xlsx", render.render_xlsx(data, as_of=as_of))
            spooled("html", render.render_html(data, as_of=as_of).encode("utf-8"))
        missing = [name for name, text in data["narrative"].items() if not text.strip()]
        data_hash = data["data_hash"]
        del data, city_annexes
        _store(report, data_hash, files, narrative_missing=missing)
    # The other step's name while it works (progress only moves forward).
    AnnualReport.objects.filter(
        pk=report_id, status__in=AnnualReport.ACTIVE, progress__lt=88
    ).update(
        stage=gettext_noop("HTML and spreadsheet") if step == "pdf" else gettext_noop("PDF"),
        progress=88,
        heartbeat_at=timezone.now(),
    )


def _part_files(parts, key: str) -> dict:
    """The parts' PDFs by `key`, read a few rows at a time (each row's buffer copied once)."""
    rows = parts.values_list(key, "pdf").order_by().iterator(chunk_size=20)
    return {part: bytes(pdf) for part, pdf in rows}


def _store(
    report: AnnualReport,
    data_hash: str,
    files: dict[str, IO[bytes]],
    *,
    narrative_missing: list[str],
) -> None:
    """Save the files of a step, record them, then mark succeeded if the other step's are
    recorded too: never succeeded with a gap."""
    base = f"ascn-progress-report-{report.year}-{data_hash[:12]}"
    fields = [(extension, field) for extension, field in FILES if extension in files]
    for extension, field in fields:
        name = f"{base}.{extension}"
        files[extension].seek(0)
        getattr(report, field).save(name, File(files[extension], name=name), save=False)
    missing = [
        f
        for _, f in fields
        if not getattr(report, f) or not getattr(report, f).storage.exists(getattr(report, f).name)
    ]
    if missing:
        raise RuntimeError(f"Files were not stored: {', '.join(missing)}")
    active = AnnualReport.objects.filter(pk=report.pk, status__in=AnnualReport.ACTIVE)
    active.update(**{field: getattr(report, field).name for _, field in fields})
    gap = Q()
    for _, field in FILES:
        gap |= Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
    with transaction.atomic():
        updated = active.exclude(gap).update(
            data_hash=data_hash,
            narrative_missing=narrative_missing,
            status=AnnualReport.Status.SUCCEEDED,
            progress=100,
            stage=gettext_noop("Done"),
            finished_at=timezone.now(),
            error="",
            network=None,
        )
        if updated:
            CityAnnex.objects.filter(report_id=report.pk).delete()
            ReportPart.objects.filter(report_id=report.pk).delete()
            PendingPart.objects.filter(report_id=report.pk).delete()


def fail(report_id: int, message: str) -> None:
    """Mark the report failed with a message a person can act on; its files are not kept."""
    log.error("Report %s failed: %s", report_id, message)
    AnnualReport.objects.filter(pk=report_id, status__in=AnnualReport.ACTIVE).update(
        status=AnnualReport.Status.FAILED,
        error=message[:2000],
        finished_at=timezone.now(),
        stage=gettext_noop("Failed"),
    )
