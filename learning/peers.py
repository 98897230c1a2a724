"""Peer suggestions by content (issue 18, point 2): for a project, the projects of other ASCN
cities that tackle the same problem.

Ranked first by what the projects say (title, summary and their published case studies), then
by focus area, then by stage (a city planning X learns most from one that completed X). A peer
must share words with the project: a shared focus area alone suggests nothing, which is how
Ha Noi's water meters reached Da Nang's bus corridor before.

The candidates are a bounded set found by the database: full-text search on PostgreSQL
(`SearchVector`/`SearchRank`, English stemming), a portable `icontains` over the words on
SQLite. The score is computed in Python from the same few queries on both, so it reads the same
everywhere: text (60 points, the share of the project's words the peer uses), focus area (20),
stage (15) and a published case study to read (5), each part with its reason in words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q, prefetch_related_objects
from django.utils.translation import gettext as _

from action_plans.models import Project, Stage
from core import policy

TEXT_POINTS = 60.0
PRIMARY_FOCUS_POINTS = 20.0
SHARED_FOCUS_POINTS = 10.0
LEARN_FROM_COMPLETED_POINTS = 15.0
LEARN_FROM_ONGOING_POINTS = 8.0
CASE_STUDY_POINTS = 5.0
CANDIDATES = 60  # the bounded set the score is computed over, whatever the network's size
QUERY_WORDS = 12
CITY_PROJECTS = 5  # the city's start page: suggestions for this many of its projects

# Words every smart-city project says: sharing them says nothing about the problem tackled.
STOP_WORDS = frozenset(
    """a an and are as at be by for from in into is it of on or the to with via per its their
    our this that these those new based using use improve improved improving enhance enhanced
    smart city cities project projects programme program system systems platform solution
    solutions digital development phase pilot initiative service services urban public asean
    ascn plan action implementation management""".split()  # noqa: SIM905 (a word list reads better)
)
WORD = re.compile(r"[^\W\d_]{3,}")


def words(text: str) -> set[str]:
    """The meaningful words of a text, lower-cased and lightly stemmed, so that "buses" and
    "bus", "meters" and "meter", "cities" and "city" are the same word."""
    found = set()
    for word in WORD.findall((text or "").casefold()):
        if word not in STOP_WORDS:
            found.add(_stem(word))
    return found - STOP_WORDS


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass
class Peer:
    project: Project
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def city(self):
        return self.project.plan.city

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


def project_peers(user, project: Project, *, limit: int = 5) -> list[Peer]:
    """The best peers of `project` among the projects `user` may read (published ones for the
    public, plus the reader's own working rows where they may see them)."""
    return _peers_of(user, [project], limit=limit).get(project.pk, [])


def city_peers(user, city, *, per_project: int = 3) -> list[tuple[Project, list[Peer]]]:
    """The city's start page: peers for its planning and ongoing projects (at most
    `CITY_PROJECTS` of them), found by one candidate search, so the queries stay flat."""
    projects = list(
        policy.visible_projects(user)
        .filter(plan__city=city, stage__in=[Stage.PLANNING, Stage.ONGOING])
        .select_related("plan__city__country", "primary_focus_area")
        .prefetch_related("focus_areas")
        .order_by("position", "pk")[:CITY_PROJECTS]
    )
    found = _peers_of(user, projects, limit=per_project)
    return [(project, found[project.pk]) for project in projects if found.get(project.pk)]


def _peers_of(user, projects: list[Project], *, limit: int) -> dict[int, list[Peer]]:
    """Peers of some projects of one city, scored over one shared set of candidates."""
    said = {project.pk: words(f"{project.title} {project.summary}") for project in projects}
    terms = set().union(*said.values())
    if not terms:
        return {}
    city_id = projects[0].plan.city_id
    candidates = _candidates(user, city_id, terms, len(projects))
    prefetch_related_objects(candidates, "focus_areas")
    stories = _case_study_words(user, candidates)
    return {
        project.pk: _ranked(project, said[project.pk], candidates, stories, limit)
        for project in projects
        if said[project.pk]
    }


def _ranked(project, own: set[str], candidates, stories, limit: int) -> list[Peer]:
    own_areas = {area.pk for area in project.focus_areas.all()}
    peers = [
        peer
        for candidate in candidates
        if (peer := _score(project, own, own_areas, candidate, stories.get(candidate.public_id)))
    ]
    peers.sort(key=lambda p: (-p.score, p.city.name.casefold(), p.project.title.casefold()))
    return peers[:limit]


# --- Candidates ---------------------------------------------------------------------------------


def _pool(user, city_id: int):
    return (
        policy.visible_projects(user)
        .exclude(plan__city=city_id)
        .exclude(stage=Stage.CANCELLED)
        .select_related("plan__city__country", "primary_focus_area")
    )


def _candidates(user, city_id: int, words_said: set[str], projects: int) -> list[Project]:
    """At most `CANDIDATES` per project asked about, whatever the network's size."""
    terms = sorted(words_said)[: QUERY_WORDS * projects]
    limit = CANDIDATES * projects
    if connection.vendor == "postgresql":
        return list(_candidates_postgres(user, city_id, terms)[:limit])
    return list(_candidates_portable(user, city_id, terms)[:limit])


def _candidates_postgres(user, city_id: int, terms: list[str]):
    """Full-text ranking: the peer's title weighs more than its summary; a published case study
    that uses the words brings its project in too."""
    # Only on PostgreSQL: django.contrib.postgres needs psycopg, which SQLite set-ups lack.
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    # Prefix queries: the stems above are prefixes of the forms PostgreSQL's stemmer keeps.
    query = reduce(
        or_, (SearchQuery(f"{term}:*", config="english", search_type="raw") for term in terms)
    )
    vector = SearchVector("title", weight="A", config="english") + SearchVector(
        "summary", weight="B", config="english"
    )
    told = _told_in_case_studies(user, query)
    return (
        _pool(user, city_id)
        .annotate(rank=SearchRank(vector, query))
        .filter(Q(rank__gt=0) | Q(origin__in=told) | Q(pk__in=told, origin=None))
        .order_by("-rank", "pk")
    )


def _told_in_case_studies(user, query):
    # Only on PostgreSQL (see above).
    from django.contrib.postgres.search import SearchVector

    vector = SearchVector("title", "problem", "solution", "results", config="english")
    return (
        policy.visible_case_studies(user)
        .annotate(document=vector)
        .filter(document=query)
        .values("project")
    )


def _candidates_portable(user, city_id: int, terms: list[str]):
    """SQLite and others: any project whose title, summary or readable case study contains one
    of the words; the score below does the ranking."""
    terms = [term[:6] for term in terms]  # a stem's prefix also finds its other forms
    says = reduce(or_, (Q(title__icontains=t) | Q(summary__icontains=t) for t in terms))
    fields = ("problem", "solution", "title")
    stories = reduce(or_, (Q(**{f"{name}__icontains": t}) for t in terms for name in fields))
    told = policy.visible_case_studies(user).filter(stories).values("project")
    rows = _pool(user, city_id).filter(says | Q(origin__in=told) | Q(pk__in=told, origin=None))
    return rows.order_by("-updated_at", "pk")


def _case_study_words(user, candidates: list[Project]) -> dict[int, set[str]]:
    """The words of the case studies the reader may read, per (working) project: one query."""
    ids = [candidate.public_id for candidate in candidates]
    found: dict[int, set[str]] = defaultdict(set)
    for project_id, *texts in (
        policy.visible_case_studies(user)
        .filter(project__in=ids)
        .values_list("project", "title", "problem", "solution", "results")
    ):
        found[project_id] |= words(" ".join(texts))
    return found


# --- Score --------------------------------------------------------------------------------------


def _score(project, own: set[str], own_areas: set[int], candidate, story: set[str] | None):
    said = words(f"{candidate.title} {candidate.summary}") | (story or set())
    shared = own & said
    if not shared:
        return None
    peer = Peer(project=candidate)
    peer.add(
        TEXT_POINTS * len(shared) / len(own),
        _("Tackles the same problem: both speak of %(words)s")
        % {"words": ", ".join(sorted(shared)[:6])},
    )
    _add_focus(peer, project, own_areas, candidate)
    _add_stage(peer, project, candidate)
    if story:
        peer.add(CASE_STUDY_POINTS, _("%(city)s wrote a case study") % {"city": peer.city.name})
    peer.score = round(peer.score, 1)
    return peer


def _add_focus(peer: Peer, project, own_areas: set[int], candidate) -> None:
    if project.primary_focus_area_id and candidate.primary_focus_area_id == (
        project.primary_focus_area_id
    ):
        peer.add(
            PRIMARY_FOCUS_POINTS,
            _("Same primary focus area: %(area)s") % {"area": candidate.primary_focus_area.name},
        )
        return
    shared = [area.name for area in candidate.focus_areas.all() if area.pk in own_areas]
    if shared:
        peer.add(
            SHARED_FOCUS_POINTS,
            _("Shares focus areas: %(areas)s") % {"areas": ", ".join(sorted(shared))},
        )


def _add_stage(peer: Peer, project, candidate) -> None:
    if project.stage not in (Stage.PLANNING, Stage.ONGOING):
        return
    mine = Stage(project.stage).label.lower()
    if candidate.stage == Stage.COMPLETED:
        peer.add(
            LEARN_FROM_COMPLETED_POINTS,
            _("%(city)s has completed it; yours is %(stage)s")
            % {"city": peer.city.name, "stage": mine},
        )
    elif candidate.stage == Stage.ONGOING and project.stage == Stage.PLANNING:
        peer.add(
            LEARN_FROM_ONGOING_POINTS,
            _("%(city)s is already implementing it; yours is in planning")
            % {"city": peer.city.name},
        )
