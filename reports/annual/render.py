"""The report's four files, all rendered from the same content (reports.annual.content)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from reports import charts
from reports.tables import Table, tables_xlsx

REPORT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "report.css"


def _table(data: dict) -> Table:
    return Table(data["name"], data["caption"], data["headers"], data["rows"])


def report_charts(content: dict) -> dict:
    exhibits = content["exhibits"]
    areas = exhibits["focus_areas"]
    implementation = exhibits["implementation"]
    countries = exhibits["countries_by_focus_area"]
    trend = exhibits["progress_trend"]
    return {
        "exhibit_1": charts.bar_chart(
            title=areas["caption"],
            description="Projects per ASCF focus area.",
            bars=[charts.Bar(r[0], r[1], f"{r[1]} ({r[2]}%)") for r in areas["rows"]],
            chart_id="exhibit-1",
        ),
        "exhibit_2": charts.bar_chart(
            title=implementation["caption"],
            description="Projects by stage; at risk; delayed.",
            bars=[charts.Bar(r[0], r[1]) for r in implementation["rows"]],
            chart_id="exhibit-2",
        ),
        "exhibit_3": charts.stacked_bar_chart(
            title=countries["caption"],
            description="Projects per member state by focus area.",
            rows=[r[0] for r in countries["rows"]],
            series=countries["headers"][1:-1],
            values=[r[1:-1] for r in countries["rows"]],
            chart_id="exhibit-3",
        ),
        "trend": charts.line_chart(
            title=trend["caption"],
            description="Network progress year by year.",
            points=[(str(r[0]), r[1]) for r in trend["rows"]],
            chart_id="trend",
        ),
    }


def render_html(content: dict) -> str:
    """A standalone HTML document (styles inside), the same bytes for the same content."""
    with translation.override("en"):
        return render_to_string(
            "reports/annual/report.html",
            {
                "report": content,
                "charts": report_charts(content),
                "css": REPORT_CSS.read_text(encoding="utf-8"),
            },
        )


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def report_tables(content: dict) -> list[Table]:
    """Every table of the report, in report order: one XLSX sheet each."""
    summary = content["summary"]
    tables = [
        Table(
            "summary",
            "Summary",
            ["Figure", "Value"],
            [[key, value] for key, value in summary.items() if not isinstance(value, dict)]
            + [[f"plans {k}", v] for k, v in summary["plans_by_status"].items()]
            + [[f"projects {k}", v] for k, v in summary["projects_by_stage"].items()],
        ),
        *[_table(t) for t in content["exhibits"].values()],
        _table(content["network"]),
        Table(
            "focus_areas",
            "Focus areas",
            ["Code", "Focus area", "Projects", "Share (%)", "Progress (%)"],
            [
                [a["code"], a["name"], a["projects"], a["share"], a["progress"]]
                for a in content["focus_areas"]
            ],
        ),
        Table(
            "highlights",
            "Highlighted projects",
            ["Focus area", "Country", "City", "Project", "Stage", "Percent complete"],
            [
                [a["name"], h["country"], h["city"], h["title"], h["stage"], h["percent_complete"]]
                for a in content["focus_areas"]
                for h in a["highlights"]
            ],
        ),
        Table(
            "outcomes",
            "Strategic outcomes",
            ["Code", "Outcome", "Projects", "Progress (%)"],
            [[o["code"], o["name"], o["projects"], o["progress"]] for o in content["outcomes"]],
        ),
        Table(
            "by_country",
            "Countries",
            ["Code", "Country", "Cities", "Projects", "Progress (%)"],
            [
                [c["code"], c["name"], c["cities"], c["projects"], c["progress"]]
                for c in content["countries"]
            ],
        ),
        _table(content["inclusion"]),
        _table(content["partnerships"]["twinnings"]),
        _table(content["partnerships"]["new_partnerships"]),
        _table(content["meetings"]["meetings"]),
        _table(content["meetings"]["decisions"]),
        *[_table(t) for t in content["data_quality"].values()],
        _table(content["appendices"]["a"]),
        _table(content["appendices"]["b"]),
        Table(
            "city_projects",
            "Projects by city",
            [
                "City",
                "Project",
                "Focus areas",
                "Stage",
                "Percent complete",
                "Status",
                "Budget (USD)",
            ],
            [
                [
                    c["name"],
                    p["title"],
                    ", ".join(p["focus_areas"]),
                    p["stage"],
                    p["percent_complete"],
                    p["status"],
                    p["budget_usd"],
                ]
                for c in content["city_annexes"]
                for p in c["projects"]
            ],
        ),
        Table(
            "city_indicators",
            "Indicators against targets",
            [
                "City",
                "Project",
                "Indicator",
                "Unit",
                "Baseline",
                "Target",
                "Target year",
                "Latest",
                "Latest year",
                "Achieved (%)",
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


def render_xlsx(content: dict) -> bytes:
    return tables_xlsx(report_tables(content))


def render_json(content: dict) -> bytes:
    return json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
