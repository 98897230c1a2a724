"""The projects of a city's page, drawn in Python: `{% load city_projects %}`, then
`{% project_articles group.projects %}`. Through the template each project cost as much as the
rest of the page's plan section (a link, two badges, a progress bar, a translated label; issue
21). The words are translated once per group and every text escaped (html.escape: what Django's
escape does, without its lazy-string wrapper); badges and bars are the tags the templates use."""

from html import escape

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from action_plans.models import Stage
from action_plans.templatetags.plan_status import status_badge
from core.links import object_urls
from core.templatetags.portal import progress_bar

register = template.Library()

SUMMARY_WORDS = 40
STAGES = dict(Stage.choices)


@register.simple_tag
def project_articles(projects) -> SafeString:
    """One `<article>` per project: its title linked, stage, latest progress, years, summary and
    the focus areas other than its group's (`other_focus_areas`, cities.selectors)."""
    words = _Words()
    project_url = object_urls("action_plans:project")
    return mark_safe("\n".join(_article(project, words, project_url) for project in projects))


class _Words:
    def __init__(self):
        self.no_update = escape(_("No progress update yet"))
        self.also = escape(_("Also:"))
        self._progress_in: dict[int, SafeString] = {}
        self._badges: dict[tuple[str, bool], str] = {}

    def badge(self, code: str, *, stage: bool = False) -> str:
        """`{% status_badge %}` of a project's stage (its `get_stage_display`) or of a progress
        status, translated once per code."""
        if (code, stage) not in self._badges:
            label = STAGES.get(code, code) if stage else ""
            self._badges[code, stage] = status_badge(code, label)
        return self._badges[code, stage]

    def progress_in(self, year: int) -> SafeString:
        """ "Progress in 2025", as `{% blocktranslate asvar %}` gives it (trusted, unescaped)."""
        if year not in self._progress_in:
            self._progress_in[year] = SafeString(_("Progress in %(year)s") % {"year": year})
        return self._progress_in[year]


def _article(project, words: _Words, project_url) -> str:
    # Lines where the template had white space between elements, none where it had none.
    return "\n".join(
        (
            '<article class="project">',
            f'<h4><a href="{escape(project_url(project.pk))}">{escape(project.title)}</a></h4>',
            '<div class="project-meta">',
            words.badge(project.stage, stage=True),
            _progress(project, words),
            _years(project),
            "</div>",
            f"<p>{escape(truncatewords(project.summary, SUMMARY_WORDS))}</p>"
            if project.summary
            else "",
            _other_areas(project, words),
            "</article>",
        )
    )


def _progress(project, words: _Words) -> str:
    if not project.latest_year:
        return f"<span>{words.no_update}</span>"
    label = words.progress_in(project.latest_year)
    bar = progress_bar(project.latest_percent, label)
    return f"<span>{label}:</span> {bar} {words.badge(project.latest_status)}"


def _years(project) -> str:
    if not project.start_year:
        return ""
    end = f"–{project.end_year}" if project.end_year else ""
    return f"<span>{project.start_year}{end}</span>"


def _other_areas(project, words: _Words) -> str:
    if not project.other_focus_areas:
        return ""
    tags = "".join(
        f'<span class="tag">{escape(area.name)}</span>' for area in project.other_focus_areas
    )
    return f'<p class="cluster"><span class="small muted">{words.also}</span>{tags}</p>'
