"""Matchmaking: open opportunities ranked for a partner, partners ranked for a city (SPEC §2
partners, issue 7 points 5 and 6). The ASCN cities a city can learn from are ranked by what
their projects say, in `learning/peers.py` (issue 18).

A score is a sum of weighted, explainable parts, each adding a reason:

- focus areas shared (35 points, in proportion to the areas wanted),
- support offered against support sought (30, in proportion to the support sought),
- the kind of partner that typically brings the support sought (10; never a match on its own),
- past work with the city: a twinning or a partnership there (15), else in its country (5),
- completed projects in the same focus areas elsewhere (10).

Everything is computed in Python from a fixed number of queries (no query per candidate), and the
order is total: score, then name or title, then primary key, so the same data always gives the
same ranking. Projects are named in reasons or results only once the public may see them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from action_plans.models import FocusArea, Project, Stage
from core import policy
from partners.models import Opportunity, Partner, SupportType, Twinning

FOCUS_POINTS = 35.0
SUPPORT_POINTS = 30.0
KIND_POINTS = 10.0
CITY_HISTORY_POINTS = 15.0
COUNTRY_HISTORY_POINTS = 5.0
TRACK_RECORD_POINTS = 10.0


ACTIVE_STAGES = (Stage.PLANNING, Stage.ONGOING)
NAMED_AT_MOST = 3

Kind = Partner.Kind
# The kinds of partner that usually bring each kind of support (by SupportType.code).
KINDS_FOR_SUPPORT = {
    "funding": {Kind.DEVELOPMENT_BANK, Kind.GOVERNMENT, Kind.NGO},
    "technical-assistance": {
        Kind.DEVELOPMENT_BANK,
        Kind.INTERNATIONAL_ORG,
        Kind.GOVERNMENT,
        Kind.ACADEMIC,
    },
    "capacity-building": {Kind.ACADEMIC, Kind.INTERNATIONAL_ORG, Kind.NGO, Kind.CITY_NETWORK},
    "solutions": {Kind.PRIVATE},
    "twinning": {Kind.CITY_NETWORK, Kind.GOVERNMENT},
}


@dataclass(frozen=True)
class Match:
    obj: object  # an Opportunity or a Partner
    score: float  # 0..100, higher is better
    reasons: list[str]


@dataclass
class _Track:
    """What a partner has done before: where, and which completed projects."""

    twinned_cities: dict[int, str] = field(default_factory=dict)
    partnered_cities: dict[int, str] = field(default_factory=dict)
    countries: set[int] = field(default_factory=set)
    completed: dict[int, tuple[str, int, set[int]]] = field(default_factory=dict)


@dataclass
class _Fit:
    points: float = 0.0
    reasons: list[str] = field(default_factory=list)
    # The kind of partner only adds to a real fit: alone it would list every bank for any city.
    kind_points: float = 0.0

    def add(self, points: float, reason: str) -> None:
        self.points += points
        self.reasons.append(reason)

    def match(self, obj) -> Match:
        return Match(obj=obj, score=round(min(self.points, 100.0), 1), reasons=self.reasons)


# --- Public interface -------------------------------------------------------------------------


def opportunities_for_partner(partner: Partner, *, limit: int | None = None) -> list[Match]:
    """Open opportunities (not past their closing date) ranked by fit for the partner."""
    focus_areas, support_types = _vocabulary()
    focus = set(partner.focus_areas.values_list("pk", flat=True))
    support = set(partner.support_offered.values_list("pk", flat=True))
    track = _tracks(partner_ids=[partner.pk]).get(partner.pk, _Track())
    opportunities = Opportunity.objects.open().select_related("city__country")
    wanted_focus = _pairs(Opportunity.focus_areas.through, "opportunity", opportunities)
    wanted_support = _pairs(Opportunity.support_sought.through, "opportunity", opportunities)
    matches = []
    for opportunity in opportunities:
        fit = _fit(
            wanted_focus=_ordered(focus_areas, wanted_focus[opportunity.pk]),
            wanted_support=_ordered(support_types, wanted_support[opportunity.pk]),
            partner_focus=focus,
            partner_support=support,
            kind=partner.kind,
            track=track,
            city=opportunity.city,
        )
        if fit.points > fit.kind_points:
            matches.append(fit.match(opportunity))
    matches.sort(key=lambda m: (-m.score, m.obj.title.casefold(), m.obj.pk))
    return matches[:limit]


def partners_for_city(city, *, limit: int | None = None) -> list[Match]:
    """Partners ranked for what the city needs: the focus areas and support of its open
    opportunities, and the focus areas of its active projects (those seeking partners, or all
    of them when none says so)."""
    focus_areas, support_types = _vocabulary()
    needed_focus, needed_support = _city_needs(city)
    wanted_focus = _ordered(focus_areas, needed_focus)
    wanted_support = _ordered(support_types, needed_support)
    tracks = _tracks()
    partners = Partner.objects.all()
    offered_focus = _pairs(Partner.focus_areas.through, "partner", partners)
    offered_support = _pairs(Partner.support_offered.through, "partner", partners)
    matches = []
    for partner in partners:
        fit = _fit(
            wanted_focus=wanted_focus,
            wanted_support=wanted_support,
            partner_focus=offered_focus[partner.pk],
            partner_support=offered_support[partner.pk],
            kind=partner.kind,
            track=tracks.get(partner.pk, _Track()),
            city=city,
        )
        if fit.points > fit.kind_points:
            matches.append(fit.match(partner))
    matches.sort(key=lambda m: (-m.score, m.obj.name.casefold(), m.obj.pk))
    return matches[:limit]


# --- Scoring ----------------------------------------------------------------------------------


def _fit(
    *,
    wanted_focus: Sequence[FocusArea],
    wanted_support: Sequence[SupportType],
    partner_focus: set[int],
    partner_support: set[int],
    kind: str,
    track: _Track,
    city,
) -> _Fit:
    fit = _Fit()
    shared_focus = [area for area in wanted_focus if area.pk in partner_focus]
    if shared_focus:
        fit.add(
            FOCUS_POINTS * len(shared_focus) / len(wanted_focus),
            _("Shares focus areas: %(areas)s") % {"areas": _names(shared_focus)},
        )
    offered = [support for support in wanted_support if support.pk in partner_support]
    if offered:
        fit.add(
            SUPPORT_POINTS * len(offered) / len(wanted_support),
            _("Offers the support sought: %(support)s") % {"support": _names(offered)},
        )
    _add_kind(fit, kind, wanted_support)
    _add_history(fit, track, city)
    _add_track_record(fit, track, city, {area.pk for area in wanted_focus})
    return fit


def _add_kind(fit: _Fit, kind: str, wanted_support: Sequence[SupportType]) -> None:
    suited = [s for s in wanted_support if kind in KINDS_FOR_SUPPORT.get(s.code, ())]
    if suited:
        fit.kind_points = KIND_POINTS
        fit.add(
            KIND_POINTS,
            _("A typical provider of %(support)s: %(kind)s")
            % {"support": _names(suited), "kind": Kind(kind).label},
        )


def _add_history(fit: _Fit, track: _Track, city) -> None:
    reasons = []
    if city.pk in track.twinned_cities:
        reasons.append(_("Already twinned with %(city)s") % {"city": city.name})
    if city.pk in track.partnered_cities:
        reasons.append(_("Already supports projects in %(city)s") % {"city": city.name})
    if reasons:
        fit.add(CITY_HISTORY_POINTS, reasons[0])
        fit.reasons.extend(reasons[1:])
    elif city.country_id in track.countries:
        fit.add(
            COUNTRY_HISTORY_POINTS,
            _("Already works in %(country)s") % {"country": city.country.name},
        )


def _add_track_record(fit: _Fit, track: _Track, city, wanted_focus: set[int]) -> None:
    similar = sorted(
        (label.casefold(), label)
        for label, city_id, focus in track.completed.values()
        if city_id != city.pk and focus & wanted_focus
    )
    if similar:
        fit.add(
            TRACK_RECORD_POINTS,
            _("Supported similar completed projects elsewhere: %(projects)s")
            % {"projects": _first_names(label for _key, label in similar)},
        )


# --- Data -------------------------------------------------------------------------------------


def _public_projects():
    return policy.visible_projects(AnonymousUser())


def _tracks(partner_ids: list[int] | None = None) -> dict[int, _Track]:
    """Each partner's past twinnings and partnerships (on public projects): two queries."""
    tracks: dict[int, _Track] = defaultdict(_Track)
    twinnings = Twinning.objects.filter(partner__isnull=False)
    # Partnerships hang on working projects; what is said of them comes from the published row.
    partnerships = _public_projects().filter(origin__partnerships__isnull=False)
    if partner_ids is not None:
        twinnings = twinnings.filter(partner__in=partner_ids)
        partnerships = partnerships.filter(origin__partnerships__partner__in=partner_ids)
    for partner_id, city_id, city_name, country_id in twinnings.values_list(
        "partner_id", "city_id", "city__name", "city__country_id"
    ):
        tracks[partner_id].twinned_cities[city_id] = city_name
        tracks[partner_id].countries.add(country_id)
    for row in partnerships.values_list(
        "origin__partnerships__partner_id",
        "origin_id",
        "title",
        "stage",
        "plan__city_id",
        "plan__city__name",
        "plan__city__country_id",
        "focus_areas",
    ):
        _add_partnership(tracks[row[0]], *row[1:])
    return tracks


def _add_partnership(track, project_id, title, stage, city_id, city_name, country_id, area_id):
    track.partnered_cities[city_id] = city_name
    track.countries.add(country_id)
    if stage == Stage.COMPLETED:
        label = f"{title} ({city_name})"
        _label, _city, areas = track.completed.setdefault(project_id, (label, city_id, set()))
        if area_id is not None:
            areas.add(area_id)


def _city_needs(city) -> tuple[set[int], set[int]]:
    """Ids of the focus areas and support types the city is looking for."""
    opportunities = Opportunity.objects.open().filter(city=city)
    project_areas: dict[bool, set[int]] = defaultdict(set)
    for area_id, seeking in Project.objects.filter(
        plan__city=city, stage__in=ACTIVE_STAGES
    ).values_list("focus_areas", "seeking_partners"):
        if area_id is not None:
            project_areas[seeking].add(area_id)
    focus = set(
        Opportunity.focus_areas.through.objects.filter(opportunity__in=opportunities).values_list(
            "focusarea_id", flat=True
        )
    )
    support = set(
        Opportunity.support_sought.through.objects.filter(
            opportunity__in=opportunities
        ).values_list("supporttype_id", flat=True)
    )
    return focus | (project_areas[True] or project_areas[False]), support


def _vocabulary() -> tuple[dict[int, FocusArea], dict[int, SupportType]]:
    """The (small, fixed) focus areas and support types by id, in their display order."""
    focus_areas = {area.pk: area for area in FocusArea.objects.order_by("position", "code")}
    support_types = {kind.pk: kind for kind in SupportType.objects.order_by("position", "code")}
    return focus_areas, support_types


def _pairs(through, owner: str, owners) -> dict[int, set[int]]:
    """A many-to-many relation read in one query: owner id -> set of related ids.

    Lighter than prefetch_related when only ids are needed for hundreds of objects.
    """
    target = next(f.name for f in through._meta.fields if f.name not in ("id", owner))
    related: dict[int, set[int]] = defaultdict(set)
    for owner_id, target_id in through.objects.filter(**{f"{owner}__in": owners}).values_list(
        f"{owner}_id", f"{target}_id"
    ):
        related[owner_id].add(target_id)
    return related


def _ordered(vocabulary: dict, ids: set[int]) -> list:
    return [item for pk, item in vocabulary.items() if pk in ids]


def _names(items: Iterable) -> str:
    return ", ".join(str(item) for item in items)


def _first_names(names: Iterable[str]) -> str:
    names = list(names)
    shown = ", ".join(names[:NAMED_AT_MOST])
    if len(names) > NAMED_AT_MOST:
        return _("%(names)s and %(count)d more") % {
            "names": shown,
            "count": len(names) - NAMED_AT_MOST,
        }
    return shown
