"""The contents of the annual progress report, as plain JSON-ready data (SPEC §2 reports).

The sections' shapes are in `sections.py`; each family of sections is computed by its own module
(`overview`, `breakdowns`, `context`, `listings`, and `annexes` for the city annexes, which the
report job computes in parallel tasks). This module puts them together: what a report is built
from (`report_basis`), the network sections (`network_content`) and the whole report with its data
hash (`assemble`). Nothing here depends on the clock: the same data gives the same content, hence
the same HTML and JSON.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.apps import apps
from django.db.models import Prefetch
from django.utils import formats, translation

from action_plans.models import ActionPlan, PlanPublication, PlanStatus
from reports.annual import breakdowns, context, listings, overview
from reports.annual.sections import (
    SCHEMA_VERSION,
    AwaitingPublication,
    CityAnnexContent,
    Narrative,
    NetworkContent,
    ReportBasis,
    ReportContent,
    UsedPublication,
)
from reports.annual.stories import highlight_stories
from reports.models import ReportNarrative
from reports.selectors import Scope
from review.selectors import frozen_publications


def report_basis(year: int) -> ReportBasis:
    """What a report of `year` is built from: the latest publication of each member city's plan,
    for a closed year the one its snapshot froze (recorded so the report can say which it used)
    and, for ASEC's eyes only, the plans that are not published as they stand (never published,
    or a revision in progress)."""
    plans = (
        ActionPlan.objects.filter(
            city__joined_year__lte=year, period__start_year__lte=year, period__end_year__gte=year
        )
        .select_related("city", "period")
        .prefetch_related(
            Prefetch("publications", queryset=PlanPublication.objects.order_by("-revision"))
        )
        .order_by("city__name")
    )
    used: list[UsedPublication] = []
    awaiting: list[AwaitingPublication] = []
    frozen = frozen_publications(year)  # a closed year reads what was current when it closed
    for plan in plans:
        latest = next(iter(plan.publications.all()), None)
        chosen = latest
        if frozen is not None:
            chosen = next((p for p in plan.publications.all() if p.pk in frozen), None)
        if chosen is not None:
            used.append(
                {
                    "plan": plan.pk,
                    "city": plan.city.name,
                    "publication": chosen.pk,
                    "revision": chosen.revision,
                    "published_at": chosen.published_at.isoformat(),
                }
            )
        if latest is None or plan.status != PlanStatus.PUBLISHED:
            awaiting.append(
                {
                    "plan": plan.pk,
                    "city": plan.city.name,
                    "status": plan.status,
                    "revision": plan.revision,
                    "published_revision": latest.revision if latest else None,
                }
            )
    return {"publications": used, "awaiting_publication": awaiting}


def network_content(
    year: int, *, publications: tuple[int, ...] | None = None, language: str = "en"
) -> NetworkContent:
    """The network sections in the report's language (whatever the language of the request
    that queued the job), from what ASEC published only: the given publications (those the job
    recorded at its start) or else each plan's latest."""
    with translation.override(language):
        return _network_content(year, publications, language)


def _network_content(year, publications, language) -> NetworkContent:
    scope = Scope(year=year, published_only=True, publications=publications)
    return {
        "schema_version": SCHEMA_VERSION,
        "year": year,
        "language": language,
        "demo_content": demo_content_loaded(),
        "narrative": narrative(year, language),
        "summary": overview.summary(scope),
        "exhibits": overview.exhibits(scope),
        "network": overview.network_table(scope),
        "focus_areas": breakdowns.focus_area_sections(scope, highlight_stories(scope, language)),
        "outcomes": breakdowns.outcome_sections(scope),
        "countries": breakdowns.country_sections(scope),
        "inclusion": context.inclusion(scope),
        "framework": context.framework(scope),
        "partnerships": context.partnerships(scope),
        "meetings": context.meetings(scope),
        "data_quality": listings.data_quality(scope),
        "appendices": listings.appendices(scope),
    }


def narrative(year: int, language: str = "en") -> Narrative:
    """What ASEC wrote for the year's report: the latest saved version, empty when none."""
    draft = (
        ReportNarrative.objects.filter(year=year, language=language).order_by("-version").first()
    )
    return {name: getattr(draft, name) if draft else "" for name in ReportNarrative.FIELDS}


def demo_content_loaded() -> bool:
    """Whether fictional demo content is loaded: then every file of the report says so. The demo
    app is a guest that no app imports (docs/architecture.md); its marker is found by name."""
    if not apps.is_installed("demo"):
        return False
    return apps.get_model("demo", "DemoContent").objects.exists()


def as_of(basis: ReportBasis | None, year: int, language: str = "en") -> str:
    """The date the report's data speaks of, as the cover says it in the report's language: the
    latest publication of a plan it uses (not the clock: the same data gives the same files)."""
    dates = [p["published_at"][:10] for p in (basis or {}).get("publications", [])]
    day = datetime.date.fromisoformat(max(dates)) if dates else datetime.date(year, 12, 31)
    with translation.override(language):
        return formats.date_format(day, "j F Y")


def assemble(network: NetworkContent, annexes: list[CityAnnexContent]) -> ReportContent:
    """The whole report: the network sections, then the annexes (in annex order), then the hash
    of the two, which the cover shows."""
    body = {**network, "city_annexes": annexes}
    return ReportContent(**body, data_hash=data_hash(body))


def data_hash(content: dict) -> str:
    """SHA-256 of the canonical JSON of the content (without the hash itself)."""
    body = {k: v for k, v in content.items() if k != "data_hash"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
