"""The one column layout of project files, shared by import and export."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    required: bool = False


COLUMNS = (
    Column("country", _("ISO code of the city's country, e.g. VN (checked against the city)")),
    Column("city", _("The city's slug, e.g. da-nang"), required=True),
    Column(
        "title",
        _("Project title; with the city, it identifies the project when the id is blank"),
        required=True,
    ),
    Column(
        "focus_areas",
        _("ASCF focus area codes separated by ';', e.g. civic-social;safety-security"),
        required=True,
    ),
    Column("outcomes", _("Strategic outcome codes separated by ';'")),
    Column(
        "stage",
        _("planning, ongoing, completed or cancelled; when blank, derived from the status"),
    ),
    Column(
        "progress_year", _("Reporting year of the status; when blank, the year given to the import")
    ),
    Column(
        "status",
        _(
            "on_track, at_risk, delayed, completed or cancelled; the M&E report's "
            "ongoing_or_planning is accepted and sets the stage only"
        ),
    ),
    Column("percent_complete", _("0 to 100; defaults to 100 for a completed project")),
    Column("lead_agency", _("Agency leading the project")),
    Column("start_year", _("Year the project starts, e.g. 2019")),
    Column("end_year", _("Year the project ends, not before the start year")),
    Column("budget_usd", _("Budget in US dollars, e.g. 2500000 or 2500000.50")),
    Column("funding_model", _("public, ppp, private, grant, loan or mixed")),
    Column(
        "readiness",
        _(
            "identification, preparation, feasibility, procurement, implementation or "
            "completion; sets the stage when the stage is blank"
        ),
    ),
    Column("om_cost_usd", _("Annual operation and maintenance cost in US dollars")),
    Column(
        "om_paid_by",
        _("Who pays operation and maintenance: city, national_government, operator, users, other"),
    ),
    Column(
        "funding_sources",
        _(
            "Sources separated by ';', each 'funder | instrument | amount currency | status', "
            "optionally '| IATI activity identifier | funder's project number'"
        ),
    ),
    Column("seeking_partners", _("yes or no")),
    Column("partnership_needs", _("What partners could bring")),
    Column("gesi_groups", _("GESI target group codes separated by ';'")),
    Column("summary", _("Short description")),
    Column("source", _("Where the facts come from; when the column is absent, the file name")),
    Column(
        "indicators",
        _(
            "Indicators separated by ';', each 'name | unit | catalogue code | periodic or "
            "cumulative | baseline@year | target@year'; new names are added, known ones updated, "
            "none removed"
        ),
    ),
    # Last, so the columns people fill by hand keep their places in older files and templates.
    Column(
        "id",
        _(
            "The project's id in the portal, as exported; with it a row may rename its project. "
            "Blank for a new project"
        ),
    ),
)

COLUMN_NAMES = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)
# The ASCN M&E report's project list names its single focus area column in the singular.
ALIASES = {"focus_area": "focus_areas"}
