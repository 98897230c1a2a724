"""The shapes of the annual report's content: one TypedDict per section, as stored and published.

The content is plain JSON from end to end: computed once, kept in `AnnualReport.network` and
`CityAnnex.content` (JSON fields) while the job runs, validated against
`reports/annual/schema.json` and published as the report's JSON file, whose data hash is taken
over its canonical text. TypedDicts name the keys and their types for readers and checkers while
the values stay the dicts that JSON gives back, so the stored bytes and the hash do not depend on
a conversion; `tests/reports/test_report_sections.py` keeps these keys and the schema's in step.

Also here: the two helpers that turn database values into JSON values (`number`, `table_data`),
so that every section writes its figures the same way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from reports.tables import Table

SCHEMA_VERSION = "2.0"

# A table cell as JSON holds it; dates are ISO text, decimals numbers with one decimal.
Cell = str | int | float | bool | None


class TableData(TypedDict):
    """A reports.tables.Table as JSON: one XLSX sheet and one HTML table of the report."""

    name: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]]


# --- Network sections -------------------------------------------------------------------------


class Narrative(TypedDict):
    """What ASEC writes for the report (reports.models.ReportNarrative); empty text when not yet
    written: the report can then be previewed but not published."""

    foreword: str
    executive_summary: str
    observations: str  # observations and recommendations


class Summary(TypedDict):
    """1. Executive summary. Percentages are 0–100 with one decimal; None means no data."""

    member_cities: int
    pilot_cities: int
    countries: int
    plans_by_status: dict[str, int]  # status label → plans
    projects: int
    projects_by_stage: dict[str, int]  # stage code → projects
    at_risk: int
    delayed: int
    network_progress: float | None
    previous_year_progress: float | None
    change: float | None  # percentage points since the year before


class Exhibits(TypedDict):
    """2. Exhibits: the tables under the report's four charts."""

    focus_areas: TableData
    implementation: TableData
    countries_by_focus_area: TableData
    progress_trend: TableData


class CaseStudyLink(TypedDict):
    title: str
    url: str  # absolute: the report is read outside the portal


class ProjectHighlight(TypedDict):
    """The project a focus area highlights for one city."""

    city: str
    country: str
    title: str
    summary: str
    stage: str  # a Stage code
    percent_complete: int | None
    status: str | None  # an UpdateStatus code
    case_study: CaseStudyLink | None


class HighlightStory(TypedDict):
    """The project ASEC picked for a focus area or a city, with the story ASEC edited
    (reports.models.ReportHighlight)."""

    title: str
    city: str
    country: str
    objective: str
    progress: str
    partners: str


class FocusAreaSection(TypedDict):
    """4. One focus area: its definition, its share of projects, one highlight per city."""

    code: str
    name: str
    definition: str
    projects: int
    share: float | None
    progress: float | None
    highlights: list[ProjectHighlight]
    story: HighlightStory | None  # ASEC's pick; None: the highlights list stands instead


class OutcomeSection(TypedDict):
    """4. One strategic outcome of the ASCF."""

    code: str
    name: str
    definition: str
    projects: int
    progress: float | None


class CountrySection(TypedDict):
    """4. One ASEAN member state."""

    code: str
    name: str
    cities: int
    projects: int
    progress: float | None


class Framework(TypedDict):
    """5. Projects by ASCF enabler and key urban system, and by ASCAP 2026–2035 item."""

    components: TableData
    ascap: TableData


class PartnershipsSection(TypedDict):
    """6. Partnerships and twinning of the year."""

    twinnings: TableData  # with cities outside ASEAN
    twinnings_asean: TableData  # between ASCN cities
    new_partnerships: TableData
    opportunities_opened: int
    opportunities_matched: int


class MeetingsSection(TypedDict):
    """7. Meetings of the year, and decisions with their follow-up."""

    meetings: TableData
    decisions: TableData


class DataQuality(TypedDict):
    """8. What the cities have still to report."""

    missing_updates: TableData
    overdue_milestones: TableData
    indicators_without_values: TableData
    changes: TableData  # what changed since the year before (review.changes)
    plausibility_flags: TableData  # flags raised and how they were explained (review.rules)


class Appendices(TypedDict):
    """9. Appendix A (ongoing and planning projects) and B (completed projects)."""

    a: TableData
    b: TableData


class NetworkContent(TypedDict):
    """Every section but the city annexes: computed once by the job's first task, stored in
    `AnnualReport.network` and read by every task that lays out a part of the PDF."""

    schema_version: str
    year: int
    language: str  # the report's language: "en" or "vi"
    demo_content: bool  # fictional demo content was loaded: every file of the report says so
    narrative: Narrative
    summary: Summary
    exhibits: Exhibits
    network: TableData  # 3. The network: one row per member city
    focus_areas: list[FocusAreaSection]
    outcomes: list[OutcomeSection]
    countries: list[CountrySection]
    inclusion: TableData  # 5. Projects and budget per GESI target group
    framework: Framework
    partnerships: PartnershipsSection
    meetings: MeetingsSection
    data_quality: DataQuality
    appendices: Appendices


# --- City annexes -----------------------------------------------------------------------------


class IndicatorAgainstTarget(TypedDict):
    name: str
    unit: str
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    latest: float | None  # the latest value recorded up to the report's year
    latest_year: int | None
    achieved_percent: float | None  # of the way from baseline to target


class AnnexProject(TypedDict):
    title: str
    focus_areas: list[str]  # names
    stage: str  # a Stage code
    percent_complete: int | None
    status: str | None  # an UpdateStatus code
    budget_usd: float | None
    indicators: list[IndicatorAgainstTarget]


class CityAnnexContent(TypedDict):
    """10. One member city's annex, computed by the city's own task, stored in
    `CityAnnex.content`."""

    slug: str
    name: str
    local_name: str
    country: str
    csco: str | None  # the current CSCO's name
    plan_status: str | None  # "published" when the report uses a publication of its plan
    progress: float | None
    projects: list[AnnexProject]
    story: HighlightStory | None  # the project ASEC highlights for the city, if any


class AnnexIndexEntry(TypedDict):
    """A line of the list of annexes that closes the network sections."""

    name: str
    country: str


# --- The whole report -------------------------------------------------------------------------


class ReportContent(NetworkContent):
    """The report's JSON file: the network sections, the city annexes in annex order, and the
    SHA-256 of the canonical JSON of everything else (shown on the cover)."""

    city_annexes: list[CityAnnexContent]
    data_hash: str


# --- What a report is built from (AnnualReport.basis; ASEC's eyes only, not in the JSON file) --


class UsedPublication(TypedDict):
    plan: int
    city: str
    publication: int
    revision: int
    published_at: str  # ISO 8601


class AwaitingPublication(TypedDict):
    """A plan the report cannot show as it stands: never published, or a revision in progress."""

    plan: int
    city: str
    status: str  # a PlanStatus code
    revision: int
    published_revision: int | None


class ReportBasis(TypedDict):
    publications: list[UsedPublication]
    awaiting_publication: list[AwaitingPublication]


# --- From database values to JSON values ------------------------------------------------------


def number(value) -> float | None:
    """Decimals as JSON numbers rounded to one decimal (stable text in HTML and JSON)."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1")))


def table_data(table: Table) -> TableData:
    return {
        "name": table.name,
        "caption": str(table.caption),
        "headers": [str(h) for h in table.headers],
        "rows": [[_json_cell(v) for v in row] for row in table.rows],
    }


def _json_cell(value) -> Cell:
    if isinstance(value, Decimal):
        return number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if value is None or isinstance(value, int | float | bool) else str(value)
