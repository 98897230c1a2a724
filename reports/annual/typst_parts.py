"""What the parts of the report's PDF laid out by Typst show (reports/annual/typst/): the cover
and the contents (front.typ), the city annexes (annex.typ) and the network sections that are
long tables only (section.typ), with the content and in the order of their HTML templates. The
data are strings only, every label in the active language (render.py sets the report's), every
number as core.numbers.figure writes it, every stored code by its label: Typst neither
translates nor formats anything, and text that looks like markup stays text (typeset.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from action_plans.models import PlanStatus, Stage, UpdateStatus
from core.numbers import figure
from core.palette import TOKENS
from reports.annual import outline
from reports.annual.sections import (
    CityAnnexContent,
    HighlightStory,
    NetworkContent,
    ReportContent,
)
from reports.annual.stories import STORY_HEADERS, STORY_KEYS

STATUS_LABELS = {**dict(PlanStatus.choices), **dict(Stage.choices), **dict(UpdateStatus.choices)}

# The section under whose contents entry the contents list the city annexes (as _front.html).
ANNEXES_ANCHOR = "city-annexes"

# The parts of the network sections that are long tables only, laid out by section.typ: their
# tables, in the order their templates (sections/<anchor>.html) show them.
TABLE_PARTS = {
    "data-quality": lambda network: list(network["data_quality"].values()),
    "appendix-a": lambda network: [network["appendices"]["a"]],
    "appendix-b": lambda network: [network["appendices"]["b"]],
}


def front(content: ReportContent, sections, cities, *, as_of: str, report_title: str) -> dict:
    """What front.typ shows: the cover and the contents as _front.html shows them, each entry
    (document.Entry: a section or a city annex) with its page; the city annexes' entries under
    the section that introduces them (ANNEXES_ANCHOR)."""
    year = content["year"]
    demo = _(
        "Demo content: the figures in this report come from fictional demonstration data, "
        "not from the member cities."
    )
    return {
        **_part_data(year, content.get("language", "en"), section=""),
        "title": report_title,
        "kicker": _("ASEAN Smart Cities Network"),
        "heading": _("Progress Report %(year)s") % {"year": year},
        "subtitle": _(
            "Monitoring and evaluation of the smart city action plans of the network's member "
            "cities"
        ),
        "facts": [
            {"term": _("Author"), "value": _("ASEAN Secretariat")},
            {"term": _("Data as of"), "value": as_of},
            {"term": _("Data fingerprint"), "value": content["data_hash"], "fingerprint": True},
        ],
        "demo": demo if content.get("demo_content") else None,
        "contents": _("Contents"),
        "sections": [_entry(e) for e in sections],
        "annexes_under": ANNEXES_ANCHOR,
        "annexes": [_entry(e) for e in cities],
    }


def _entry(entry) -> dict:
    return {"anchor": entry.anchor, "title": str(entry.title), "page": entry.page}


def section(key: str, network: NetworkContent, *, report_title: str) -> dict:
    """What section.typ shows of a part of TABLE_PARTS, as _network.html and _table.html show
    it: the numbered heading of its section (one a part) and its tables, cells as `figure`
    writes them, "–" for none."""
    (heading,) = outline.headings(key)
    title, year = str(heading.title), network["year"]
    tables = [
        _typst_table(t["caption"], t["headers"], [[_shown(c) for c in row] for row in t["rows"]])
        for t in TABLE_PARTS[key](network)
    ]
    return {
        **_part_data(year, network.get("language", "en"), section=title),
        "title": f"{report_title}: {title}",
        "sections": [{"anchor": heading.anchor, "title": title, "tables": tables}],
    }


def annex(city: CityAnnexContent, year: int, language: str, *, report_title: str) -> dict:
    """What annex.typ shows of a city annex, as the HTML annex (_annex.html) shows it."""
    name, local_name = city["name"], city.get("local_name")
    local_name = local_name if local_name and local_name != name else None
    heading = f"{name} {local_name}" if local_name else name  # the running header's, as CSS's
    return {
        **_part_data(year, language, section=_("City annex: %(city)s") % {"city": heading}),
        "title": f"{report_title}: {name}",
        "anchor": f"city-{city['slug']}",
        "name": name,
        "local_name": local_name,
        "facts": _annex_facts(city),
        "story": _story_data(city.get("story")),
        "tables": _annex_tables(city),
        "no_projects": _("No projects recorded."),
    }


def _part_data(year: int, language: str, *, section: str) -> dict:
    """What every Typst part shows around its body: the running header and the house colours."""
    publication = _("ASEAN Smart Cities Network · Progress Report %(year)s") % {"year": year}
    return {"lang": language, "section": section, "publication": publication, "palette": TOKENS}


def _annex_facts(annex: CityAnnexContent) -> str:
    plan = annex.get("plan_status")
    return " · ".join(
        [
            annex["country"],
            f"{_('CSCO:')} {annex.get('csco') or _('not recorded')}",
            f"{_('Plan:')} {_status(plan) if plan else _('none published')}",
            f"{_('Progress:')} {_shown(annex.get('progress'), '%')}",
        ]
    )


def _story_data(story: HighlightStory | None) -> dict | None:
    """A highlighted project's story as _story.html shows it."""
    if not story:
        return None
    heading = _("Highlighted project: %(title)s (%(city)s, %(country)s)") % {
        key: story[key] for key in ("title", "city", "country")
    }
    items = [
        [str(label), story[key]]
        for key, label in zip(STORY_KEYS[3:], STORY_HEADERS, strict=True)
        if story[key]
    ]
    return {"heading": heading, "items": items}


def _annex_tables(annex: CityAnnexContent) -> list[dict]:
    projects = annex["projects"]
    if not projects:
        return []
    tables = [
        _typst_table(
            _("Projects of %(city)s") % {"city": annex["name"]},
            [
                _("Project"),
                _("Focus areas"),
                _("Stage"),
                _("Complete"),
                _("Status"),
                _("Budget (USD)"),
            ],
            [
                [
                    p["title"],
                    ", ".join(p["focus_areas"]),
                    _status(p["stage"]),
                    _shown(p["percent_complete"], "%"),
                    _status(p["status"]) or "–",
                    _shown(p["budget_usd"]),
                ]
                for p in projects
            ],
            numeric=(3, 5),
        )
    ]
    for p in projects:
        if p["indicators"]:
            tables.append(_indicator_table(p))
    return tables


def _indicator_table(project) -> dict:
    def dated(value, year) -> str:
        return f"{_shown(value)} ({year})" if year else _shown(value)

    return _typst_table(
        _("Indicators: %(project)s") % {"project": project["title"]},
        [_("Indicator"), _("Baseline"), _("Target"), _("Latest"), _("Achieved")],
        [
            [
                f"{i['name']} ({i['unit']})",
                dated(i["baseline"], i.get("baseline_year")),
                dated(i["target"], i["target_year"]),
                dated(i["latest"], i["latest_year"]),
                _shown(i["achieved_percent"], "%"),
            ]
            for i in project["indicators"]
        ],
    )


def _typst_table(caption: str, headers: list, rows: list[list[str]], numeric=()) -> dict:
    """A table for report.typ's data-table: its caption, header cells, rows of strings, and
    which columns hold numbers (set right)."""
    return {
        "caption": caption,
        "headers": [str(h) for h in headers],
        "numeric": [i in numeric for i in range(len(headers))],
        "rows": rows,
        "empty": _("None."),
    }


def _shown(value, suffix: str = "") -> str:
    """A number as the HTML's `figure` filter shows it; "–" for none."""
    return "–" if value is None else f"{figure(value)}{suffix}"


def _status(code: str | None) -> str:
    """The label of a plan status, project stage or progress status code, as status_label."""
    return str(STATUS_LABELS.get(code, code or ""))
