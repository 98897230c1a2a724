"""Writes of the reports app: requesting and publishing annual reports, and the narrative ASEC
writes for them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from action_plans import calendar
from core import policy
from core.broker import enqueue
from reports import selectors
from reports.models import AnnualReport, ReportHighlight, ReportNarrative


def report_request(*, year: int, actor, language: str = "en") -> tuple[AnnualReport, bool]:
    """Queue the report job for a year; returns (report, created).

    While a report for that year is queued or running, asking again returns that one instead of
    starting a second job (a conditional unique constraint backs this up under concurrency).
    """
    if not policy.can_manage_reports(actor):
        raise PermissionDenied
    years = calendar.report_years()
    if year not in years:
        raise ValidationError(
            {
                "year": _("Choose a year from %(first)s to %(last)s.")
                % {"first": years[0], "last": years[-1]}
            }
        )
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose English or Vietnamese.")})
    active = AnnualReport.objects.filter(
        year=year, language=language, status__in=AnnualReport.ACTIVE
    ).first()
    if active:
        if active.status == AnnualReport.Status.QUEUED:
            # Not started yet, perhaps because the broker was down when it was asked for:
            # asking again sends it again (a second `start` sends no part twice).
            transaction.on_commit(lambda: _send_build(active.pk))
        return active, False
    requested_by = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                year=year, language=language, requested_by=requested_by
            )
    except IntegrityError:
        active = AnnualReport.objects.filter(year=year, language=language)
        return active.get(status__in=AnnualReport.ACTIVE), False
    transaction.on_commit(lambda: _send_build(report.pk))
    return report, True


def _send_build(report_id: int) -> None:
    """Send the job; with the broker down the report stays queued, says why, and the resume
    beat task (or asking again) sends it once the broker is back."""
    # The task calls back into this module: a service and the task it enqueues are the one
    # circle the layout allows, closed here, at call time.
    from reports.tasks import build_report

    if not enqueue(build_report, report_id):
        AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED).update(
            stage=WAITING_FOR_BROKER
        )


WAITING_FOR_BROKER = gettext_noop(
    "Waiting for the job queue, which cannot be reached; it starts by itself"
)


def report_publish(*, report: AnnualReport, actor) -> AnnualReport:
    """Publish a finished report; any other published report of the same year is withdrawn."""
    if not policy.can_manage_reports(actor):
        raise PermissionDenied
    if report.status != AnnualReport.Status.SUCCEEDED:
        raise ValidationError(_("Only a report that was built successfully can be published."))
    missing = report_narrative_missing(report)
    if missing:
        raise ValidationError(
            _(
                "A report without its narrative can be previewed but not published. Missing: "
                "%(missing)s. Write them, then build the report again."
            )
            % {"missing": ", ".join(missing)}
        )
    with transaction.atomic():
        AnnualReport.objects.filter(year=report.year, published=True).exclude(pk=report.pk).update(
            published=False, published_at=None
        )
        report.published = True
        report.published_at = timezone.now()
        report.save(update_fields=["published", "published_at"])
    return report


def report_unpublish(*, report: AnnualReport, actor) -> AnnualReport:
    if not policy.can_manage_reports(actor):
        raise PermissionDenied
    report.published = False
    report.published_at = None
    report.save(update_fields=["published", "published_at"])
    return report


def report_narrative_missing(report: AnnualReport) -> list[str]:
    """The names of the narrative sections the built report has no text for."""
    return [
        str(ReportNarrative._meta.get_field(name).verbose_name)
        for name in ReportNarrative.FIELDS
        if name in report.narrative_missing
    ]


def narrative_save(
    *, year: int, language: str, actor, highlights: dict[str, dict] | None = None, **texts: str
) -> ReportNarrative:
    """Save a new version of the year's narrative in a language (earlier versions are kept),
    with its highlighted projects: those of `highlights` (see _highlights), the rest as before."""
    if not policy.can_edit_report_narrative(actor):
        raise PermissionDenied
    if year not in calendar.report_years():
        raise ValidationError({"year": _("There is no report for %(year)s.") % {"year": year}})
    unknown = set(texts) - set(ReportNarrative.FIELDS)
    if unknown:
        raise ValueError(f"Not a narrative section: {', '.join(sorted(unknown))}")
    latest = narrative_latest(year=year, language=language)
    draft = ReportNarrative(
        year=year,
        language=language,
        version=(latest.version if latest else 0) + 1,
        saved_by=actor if getattr(actor, "pk", None) else None,
        **texts,
    )
    errors: dict[str, list] = {}
    try:
        draft.full_clean()  # the limits: a clear message per field, nothing saved
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        picks = _highlights(year, highlights or {}, latest)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            draft.save()
            for highlight in picks:
                highlight.narrative = draft
            ReportHighlight.objects.bulk_create(picks)
    except IntegrityError as error:
        raise ValidationError(
            _("Someone saved this narrative at the same time; reload the page and try again.")
        ) from error
    return draft


def narrative_latest(*, year: int, language: str) -> ReportNarrative | None:
    return ReportNarrative.objects.filter(year=year, language=language).order_by("-version").first()


def highlight_story(project) -> dict[str, str]:
    """The story a pick starts with, from the project (ASEC edits it): its objective, its latest
    progress, its partners."""
    partners = [project.lead_agency, project.partnership_needs]
    return {
        "objective": project.summary,
        "progress": getattr(project, "latest_progress", "") or "",
        "partners": "\n".join(p for p in partners if p),
    }


def _highlights(
    year: int, picks: dict[str, dict], previous: ReportNarrative | None
) -> list[ReportHighlight]:
    """The highlights of a new narrative version: `picks` maps a place ("area-CODE" or
    "city-SLUG") to {"project": public id or None, story fields}; the places it does not name keep
    the previous version's pick. Errors are keyed by form field ("area-CODE-project")."""
    before = previous.highlights.all() if previous else []
    kept = {_place(h): h for h in before if _place(h) not in picks}
    candidates = {p.public_id: p for p in selectors.highlight_candidates(year)}
    errors: dict[str, list] = {}
    chosen = [
        ReportHighlight(
            focus_area=h.focus_area,
            city=h.city,
            project=h.project,
            **{f: getattr(h, f) for f in ReportHighlight.STORY},
        )
        for h in kept.values()
    ]
    for place, pick in picks.items():
        if not pick.get("project"):
            continue
        kind, _sep, value = place.partition("-")
        project = candidates.get(int(pick["project"]))
        fits = project is not None and (
            value in {a.code for a in project.focus_areas.all()}
            if kind == "area"
            else project.plan.city.slug == value
        )
        if not fits:
            errors[f"{place}-project"] = [
                _("Choose one of this year's published projects of this focus area.")
                if kind == "area"
                else _("Choose one of this year's published projects of this city.")
            ]
            continue
        story = {f: (pick.get(f) or "").strip() for f in ReportHighlight.STORY}
        if not any(story.values()):
            story = highlight_story(project)
        highlight = ReportHighlight(
            focus_area=value if kind == "area" else "",
            city=value if kind == "city" else "",
            project=project.public_id,
            **story,
        )
        try:
            highlight.full_clean(exclude=["narrative"], validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"{place}-{field}"] = messages
        chosen.append(highlight)
    if errors:
        raise ValidationError(errors)
    return chosen


def _place(highlight: ReportHighlight) -> str:
    return f"area-{highlight.focus_area}" if highlight.focus_area else f"city-{highlight.city}"
