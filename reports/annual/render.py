"""The report's four files, all rendered from the same content (reports.annual.content), whose
shapes are in reports.annual.sections."""

from __future__ import annotations

import atexit
import functools
import json
import os
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plans.models import PlanStatus, Stage, UpdateStatus
from core import fonts
from core.numbers import figure
from reports import charts
from reports.annual import outline, typeset, typst_parts, workbook
from reports.annual.sections import (
    AnnexIndexEntry,
    CityAnnexContent,
    NetworkContent,
    ReportContent,
    TableData,
)
from reports.annual.stories import STORY_HEADERS, STORY_KEYS
from reports.tables import Table

REPORT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
# The summary's keys as the XLSX's readers read them (the JSON keeps the keys). The XLSX's
# labels are in the report's language (render_xlsx): lazy here, read under its override.
SUMMARY_LABELS = {
    "member_cities": gettext_lazy("Member cities"),
    "pilot_cities": gettext_lazy("Pilot cities (2018)"),
    "countries": gettext_lazy("Member states"),
    "projects": gettext_lazy("Projects"),
    "at_risk": gettext_lazy("Projects at risk"),
    "delayed": gettext_lazy("Projects delayed"),
    "network_progress": gettext_lazy("Network progress (%)"),
    "previous_year_progress": gettext_lazy("Network progress the year before (%)"),
    "change": gettext_lazy("Change (points)"),
}


NARRATIVE_TITLES = {
    "foreword": gettext_lazy("Foreword"),
    "executive_summary": gettext_lazy("Executive summary"),
    "observations": gettext_lazy("Observations and recommendations"),
}


def _table(data: TableData) -> Table:
    return Table(data["name"], data["caption"], data["headers"], data["rows"])


def report_charts(content: NetworkContent) -> dict:
    """The charts, their descriptions in the report's language (a chart's title is its exhibit's
    caption: the tagged PDF's alternative text of the figure)."""
    with translation.override(content.get("language", "en")):
        return _report_charts(content)


def _report_charts(content: NetworkContent) -> dict:
    exhibits = content["exhibits"]
    areas = exhibits["focus_areas"]
    implementation = exhibits["implementation"]
    countries = exhibits["countries_by_focus_area"]
    trend = exhibits["progress_trend"]
    return {
        "exhibit_1": charts.bar_chart(
            title=areas["caption"],
            description=_("Projects per ASCF focus area."),
            bars=[charts.Bar(r[0], r[1], f"{r[1]} ({figure(r[2])}%)") for r in areas["rows"]],
            chart_id="exhibit-1",
        ),
        "exhibit_2": charts.bar_chart(
            title=implementation["caption"],
            description=_("Projects by stage; at risk; delayed."),
            bars=[charts.Bar(r[0], r[1]) for r in implementation["rows"]],
            chart_id="exhibit-2",
        ),
        "exhibit_3": charts.stacked_bar_chart(
            title=countries["caption"],
            description=_("Projects per member state by focus area."),
            rows=[r[0] for r in countries["rows"]],
            series=countries["headers"][1:-1],
            values=[r[1:-1] for r in countries["rows"]],
            chart_id="exhibit-3",
        ),
        "trend": charts.line_chart(
            title=trend["caption"],
            description=_("Network progress year by year."),
            points=[(str(r[0]), r[1]) for r in trend["rows"]],
            chart_id="trend",
        ),
    }


def _render(template: str, context: dict, language: str | None = None) -> str:
    """A template in the report's language (its content's, else English)."""
    language = language or (context.get("report") or {}).get("language") or "en"
    with translation.override(language):
        return render_to_string(
            template, {**context, "css": REPORT_CSS.read_text(encoding="utf-8")}
        )


def _label(choices, code) -> str:
    """The label of a stored code in the active language, for the files people read."""
    return str(dict(choices).get(code, code or ""))


def render_html(content: ReportContent, *, as_of: str) -> str:
    """A standalone HTML document (styles inside), the same bytes for the same content. Seen in
    the portal, it loads the portal's fonts for the local names' scripts; elsewhere the system's."""
    return _render(
        "reports/annual/report.html",
        {
            "screen_fonts": fonts.web_font_faces(f"{settings.STATIC_URL}{fonts.STATIC_PREFIX}/"),
            "report": content,
            "as_of": as_of,
            "charts": report_charts(content),
            "headings": outline.headings(),
            "contents": outline.headings(),
            "annexes": [
                {"anchor": f"city-{c['slug']}", "title": f"{c['name']} ({c['country']})"}
                for c in content["city_annexes"]
            ],
            "annex_index": content["city_annexes"],
        },
    )


# WeasyPrint's PDF/UA variant: a tagged PDF (a structure tree of headings, paragraphs, tables,
# lists, figures and links; MarkInfo, DisplayDocTitle, the language, XMP with pdfuaid), which
# document.py keeps when it joins the parts into one tree.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(
    html: str, *, tagged: bool = True, most_pages: int | None = None, css: str = ""
) -> bytes | None:
    """The PDF, its text set in the packaged fonts (core/fonts.py) whatever the host has; tagged
    (PDF/UA) unless `tagged` is false. None, without writing it, if it takes more than
    `most_pages` pages. `css`: rules of this one layout (the templates carry no style attribute:
    the HTML report is served under a Content-Security-Policy without 'unsafe-inline')."""
    from weasyprint import CSS, HTML

    font_config, faces = _packaged_fonts(os.environ.get("FONTCONFIG_FILE"))
    stylesheets = [faces, *([CSS(string=css, font_config=font_config)] if css else [])]
    # The options go to both steps, as HTML.write_pdf passes them (the variant to each).
    options = {"stylesheets": stylesheets, **({"pdf_variant": PDF_VARIANT} if tagged else {})}
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        font_config=font_config, **options
    )
    if most_pages is not None and len(document.pages) > most_pages:
        return None
    return document.write_pdf(**options)


@functools.cache
def _packaged_fonts(fontconfig_file: str | None):
    """WeasyPrint's font configuration with the packaged fonts, and their @font-face rules (it
    reads such rules only through a configuration given to both). Loading the fonts costs more
    than laying out a city annex, so a worker does it once; fontconfig's own configuration file
    is the key, so that a test can show a PDF made with no font on the host."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    return font_config, CSS(string=fonts.pdf_font_faces(), font_config=font_config)


# The configuration removes its temporary folder when collected: before the interpreter's end
# takes away the functions it needs for that.
atexit.register(_packaged_fonts.cache_clear)


# The PDF is laid out in parts, each by a task of its own, in parallel on any number of workers:
# the network sections in a few parts (SECTION_KEYS, from reports/annual/outline.py) and each
# city's annex; the final task lays out the cover and the contents, which show the data hash and
# the page numbers known only then, joins the parts and numbers the pages (document.py).
# WeasyPrint keeps every laid-out page of a document in memory, so parts bound a worker's memory
# by the largest part instead of the whole report, and spread the layout over the workers.
SECTION_KEYS = outline.PART_KEYS
ANNEXES_BOOKMARK = gettext_lazy("City annexes")  # read in the report's language


def pdf_title(year: int) -> str:
    """The report's title in the active language (the PDF's, the front part's and the XLSX's)."""
    return _("ASEAN Smart Cities Network: Progress Report %(year)s") % {"year": year}


def _render_part_pdf(
    template: str, report, *, most_pages: int | None = None, css: str = "", **context
):
    html = _render(f"reports/annual/{template}", {"report": report, **context})
    options = {"most_pages": most_pages, "css": css}
    return render_pdf(html, **{name: value for name, value in options.items() if value})


def render_section_pdf(
    key: str, network: NetworkContent, annex_index: list[AnnexIndexEntry]
) -> bytes:
    """One part of the network sections (a key of SECTION_KEYS) from the network content."""
    if key not in SECTION_KEYS:
        raise ValueError(f"Unknown report section: {key}")
    if key in typst_parts.TABLE_PARTS:
        year, language = network["year"], network.get("language", "en")
        with translation.override(language):
            data = typst_parts.section(key, network, report_title=pdf_title(year))
        return typeset.compile_pdf("section.typ", data)
    charts = report_charts(network) if key == "front" else {}
    return _render_part_pdf(
        "report_section.html",
        network,
        headings=outline.headings(key),
        charts=charts,
        annex_index=annex_index,
    )


def render_front_pdf(content: ReportContent, sections, cities, *, as_of: str) -> bytes:
    """The cover (with the hash of the data of the whole report) and the contents, with the
    pages of the sections and city annexes (document.Entry), laid out by Typst
    (reports/annual/typst/front.typ): at ten times the network, its five pages of contents in
    two columns took WeasyPrint several seconds (bench/README.md)."""
    year, language = content["year"], content.get("language", "en")
    with translation.override(language):
        data = typst_parts.front(
            content, sections, cities, as_of=as_of, report_title=pdf_title(year)
        )
    return typeset.compile_pdf("front.typ", data)


def render_annex_pdf(annex: CityAnnexContent, year: int, language: str = "en") -> bytes:
    """One city's annex as a PDF part, laid out by Typst (reports/annual/typst/annex.typ): its
    long tables about 13 times faster than WeasyPrint (bench/README.md)."""
    with translation.override(language):
        data = typst_parts.annex(annex, year, language, report_title=pdf_title(year))
    return typeset.compile_pdf("annex.typ", data)


def report_tables(content: ReportContent) -> list[Table]:
    """Every table of the report, in report order: one XLSX sheet each, its labels in the
    active language (render_xlsx sets the report's)."""
    summary = content["summary"]
    narrative = content["narrative"]
    tables = [
        Table(
            "narrative",
            _("Foreword, summary, observations and recommendations"),
            [_("Section"), _("Text")],
            [[str(title), narrative[key]] for key, title in NARRATIVE_TITLES.items()],
        ),
        Table(
            "summary",
            _("Summary"),
            [_("Figure"), _("Value")],
            [
                [str(SUMMARY_LABELS.get(key, key)), value]
                for key, value in summary.items()
                if not isinstance(value, dict)
            ]
            + [
                [_("Action plans: %(status)s") % {"status": _label(PlanStatus.choices, k)}, v]
                for k, v in summary["plans_by_status"].items()
            ]
            + [
                [_("Projects: %(stage)s") % {"stage": _label(Stage.choices, k)}, v]
                for k, v in summary["projects_by_stage"].items()
            ],
        ),
        *[_table(t) for t in content["exhibits"].values()],
        _table(content["network"]),
        Table(
            "focus_areas",
            _("Focus areas"),
            [_("Focus area"), _("Projects"), _("Share (%)"), _("Progress (%)")],
            [[a["name"], a["projects"], a["share"], a["progress"]] for a in content["focus_areas"]],
        ),
        Table(
            "highlights",
            _("Highlighted projects"),
            [
                _("Focus area"),
                _("Country"),
                _("City"),
                _("Project"),
                _("Stage"),
                _("Percent complete"),
                _("Case study"),
            ],
            [
                [
                    a["name"],
                    h["country"],
                    h["city"],
                    h["title"],
                    _label(Stage.choices, h["stage"]),
                    h["percent_complete"],
                    (h["case_study"] or {}).get("url", ""),
                ]
                for a in content["focus_areas"]
                for h in a["highlights"]
            ],
        ),
        Table(
            "stories",
            _("Highlighted project stories"),
            [
                _("Focus area or city"),
                _("Project"),
                _("City"),
                _("Country"),
                *(str(h) for h in STORY_HEADERS),
            ],
            [
                [place, *(story[k] for k in STORY_KEYS)]
                for place, story in [
                    *((a["name"], a["story"]) for a in content["focus_areas"]),
                    *((c["name"], c["story"]) for c in content["city_annexes"]),
                ]
                if story
            ],
        ),
        Table(
            "outcomes",
            _("Strategic outcomes"),
            [_("Outcome"), _("Projects"), _("Progress (%)")],
            [[o["name"], o["projects"], o["progress"]] for o in content["outcomes"]],
        ),
        Table(
            "by_country",
            _("Countries"),
            [_("Country"), _("Cities"), _("Projects"), _("Progress (%)")],
            [[c["name"], c["cities"], c["projects"], c["progress"]] for c in content["countries"]],
        ),
        _table(content["inclusion"]),
        _table(content["framework"]["components"]),
        _table(content["framework"]["ascap"]),
        _table(content["partnerships"]["twinnings"]),
        _table(content["partnerships"]["twinnings_asean"]),
        _table(content["partnerships"]["new_partnerships"]),
        _table(content["meetings"]["meetings"]),
        _table(content["meetings"]["decisions"]),
        *[_table(t) for t in content["data_quality"].values()],
        _table(content["appendices"]["a"]),
        _table(content["appendices"]["b"]),
        Table(
            "city_projects",
            _("Projects by city"),
            [
                _("City"),
                _("Project"),
                _("Focus areas"),
                _("Stage"),
                _("Percent complete"),
                _("Status"),
                _("Budget (USD)"),
            ],
            [
                [
                    c["name"],
                    p["title"],
                    ", ".join(p["focus_areas"]),
                    _label(Stage.choices, p["stage"]),
                    p["percent_complete"],
                    _label(UpdateStatus.choices, p["status"]),
                    p["budget_usd"],
                ]
                for c in content["city_annexes"]
                for p in c["projects"]
            ],
        ),
        Table(
            "city_indicators",
            _("Indicators against targets"),
            [
                _("City"),
                _("Project"),
                _("Indicator"),
                _("Unit"),
                _("Baseline"),
                _("Target"),
                _("Target year"),
                _("Latest"),
                _("Latest year"),
                _("Achieved (%)"),
            ],
            [
                [
                    c["name"],
                    p["title"],
                    i["name"],
                    i["unit"],
                    i["baseline"],
                    i["target"],
                    i["target_year"],
                    i["latest"],
                    i["latest_year"],
                    i["achieved_percent"],
                ]
                for c in content["city_annexes"]
                for p in c["projects"]
                for i in p["indicators"]
            ],
        ),
    ]
    return tables


def render_xlsx(content: ReportContent, *, as_of: str) -> bytes:
    with translation.override(content.get("language", "en")):
        return _render_xlsx(content, as_of=as_of)


def _render_xlsx(content: ReportContent, *, as_of: str) -> bytes:
    return workbook.workbook(
        report_tables(content),
        title=pdf_title(content["year"]),
        as_of=as_of,
        data_hash=content["data_hash"],
        demo=bool(content.get("demo_content")),
    )


def render_json(content: ReportContent) -> bytes:
    return json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
