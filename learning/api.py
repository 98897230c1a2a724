"""API of the learning app (issue 18): `/api/case-studies/`, `/api/projects/{id}/peers/` and
`/api/connections/` with `accept`, `decline` and `record`."""

from __future__ import annotations

from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from action_plans.models import Project, Stage, public_id_is
from core import policy
from core.api.base import PortalSerializer, ReadOnlyPortalViewSet, StrictSerializer
from core.api.filters import CitySlugFilter, CountryFilter, PortalFilterSet
from learning import peers, selectors, services
from learning.models import CaseStudy, Connection

# --- Case studies -------------------------------------------------------------------------------


class CaseStudySerializer(PortalSerializer):
    project = serializers.IntegerField(source="project_id", read_only=True)
    city = serializers.CharField(source="city.slug", read_only=True)
    country = serializers.CharField(source="city.country.code", read_only=True)
    focus_areas = serializers.SerializerMethodField()
    stage = serializers.SerializerMethodField()

    class Meta:
        model = CaseStudy
        fields = [
            "id",
            "project",
            "city",
            "country",
            "title",
            "problem",
            "solution",
            "results",
            "cost_and_funding",
            "partners",
            "lessons",
            "replication",
            "focus_areas",
            "stage",
            "status",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_focus_areas(self, case_study) -> list[str]:
        project = getattr(case_study, "project_seen", None)
        return [area.code for area in project.focus_areas.all()] if project else []

    def get_stage(self, case_study) -> str | None:
        """The stage of the project as the reader sees it (published for the public)."""
        project = getattr(case_study, "project_seen", None)
        return project.stage if project else None


PROJECT_LOOKUPS = {"focus_area": "focus_areas__code", "gesi": "gesi_groups__code", "stage": "stage"}


class CaseStudyFilter(PortalFilterSet):
    focus_area = filters.CharFilter(method="by_project", max_length=40)
    gesi = filters.CharFilter(method="by_project", max_length=40, help_text="GESI group code.")
    stage = filters.ChoiceFilter(choices=Stage.choices, method="by_project")
    country = CountryFilter(field_name="city__country__code")
    city = CitySlugFilter()
    status = filters.ChoiceFilter(choices=CaseStudy.Status.choices)
    search = filters.CharFilter(method="by_text", max_length=100)

    class Meta:
        model = CaseStudy
        fields = ["focus_area", "gesi", "stage", "country", "city", "status", "search"]

    def by_project(self, queryset, name, value):
        """On the project rows the reader may see: a filter reveals no revision in progress."""
        projects = policy.visible_projects(self.request.user).filter(
            **{PROJECT_LOOKUPS[name]: value}
        )
        return queryset.filter(project__in=projects.values(working=Coalesce("origin", "pk")))

    def by_text(self, queryset, name, value):
        return queryset.filter(selectors.search_q(self.request.user, value.strip()))


class CaseStudyViewSet(ReadOnlyPortalViewSet):
    """Case studies: the public reads the published ones; a city also its drafts and those in
    review, ASEC all. Written and reviewed in the web pages."""

    serializer_class = CaseStudySerializer
    lookup_value_regex = r"\d+"
    filterset_class = CaseStudyFilter
    ordering_fields = ["published_at", "updated_at", "title"]
    ordering = ["-published_at", "-pk"]

    def get_queryset(self):
        return policy.visible_case_studies(self.request.user).select_related("city__country")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return selectors.attach_projects(self.request.user, page or [])

    def get_object(self):
        (case_study,) = selectors.attach_projects(self.request.user, [super().get_object()])
        return case_study


# --- Peers --------------------------------------------------------------------------------------


class PeerSerializer(serializers.Serializer):
    """One suggested peer (documentation of the response; the view builds plain dicts)."""

    project = serializers.IntegerField()
    title = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    stage = serializers.CharField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class ProjectPeersView(APIView):
    """`GET /api/projects/{id}/peers/`: the projects elsewhere in the network that tackle the
    same problem, best first, each with a `score` (0–100) and the `reasons` in words."""

    @extend_schema(
        responses=inline_serializer(
            "Peers",
            {"count": serializers.IntegerField(), "results": PeerSerializer(many=True)},
        )
    )
    def get(self, request, pk):
        project = get_object_or_404(
            policy.visible_projects(request.user).select_related("plan__city"), public_id_is(pk)
        )
        results = [_peer(peer) for peer in peers.project_peers(request.user, project, limit=10)]
        return Response({"count": len(results), "results": results})


def _peer(peer) -> dict:
    return {
        "project": peer.project.public_id,
        "title": peer.project.title,
        "city": peer.city.slug,
        "country": peer.city.country.code,
        "stage": peer.project.stage,
        "score": peer.score,
        "reasons": [str(reason) for reason in peer.reasons],
    }


# --- Connections --------------------------------------------------------------------------------


class ConnectionSerializer(PortalSerializer):
    from_city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    to_city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    from_project = serializers.IntegerField(source="from_project_id", read_only=True)
    to_project = serializers.IntegerField(source="to_project_id", read_only=True)
    twinning = serializers.IntegerField(source="twinning_id", read_only=True)

    class Meta:
        model = Connection
        fields = [
            "id",
            "from_city",
            "to_city",
            "from_project",
            "to_project",
            "message",
            "status",
            "reply",
            "outcome",
            "outcome_note",
            "twinning",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class ConnectionRequestSerializer(StrictSerializer):
    to_project = serializers.IntegerField(min_value=1, help_text="The peer project's id.")
    from_project = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="One of your city's projects."
    )
    message = serializers.CharField(max_length=2000)


class ConnectionAnswerSerializer(StrictSerializer):
    reply = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ConnectionRecordSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=["study_visit", "twinning"])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _project_field(user, pk, field: str):
    if pk is None:
        return None
    project = policy.visible_projects(user).filter(public_id_is(pk)).first()
    if project is None:
        raise serializers.ValidationError({field: [_("No such project.")]})
    return project


class ConnectionViewSet(mixins.CreateModelMixin, ReadOnlyPortalViewSet):
    """Connections between ASCN cities: both cities and ASEC see them. A city official asks
    (`POST`), the asked city accepts or declines, either records what came of it."""

    serializer_class = ConnectionSerializer
    lookup_value_regex = r"\d+"
    ordering_fields = ["created_at", "decided_at", "status"]
    policy_rules = {
        "create": policy.can_request_connection,
        "accept": policy.can_decide_connection,
        "decline": policy.can_decide_connection,
        "record": policy.is_connection_party,
    }

    def get_queryset(self):
        return selectors.visible_connection_rows(self.request.user)

    @extend_schema(request=ConnectionRequestSerializer, responses=ConnectionSerializer)
    def create(self, request, *args, **kwargs):
        body = ConnectionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        connection = services.connection_request(
            actor=request.user,
            to_project=_project_field(request.user, data["to_project"], "to_project"),
            from_project=_own_project(request.user, data.get("from_project")),
            message=data["message"],
        )
        return self.respond_with(connection, status.HTTP_201_CREATED)

    def _answer(self, service):
        body = ConnectionAnswerSerializer(data=self.request.data)
        body.is_valid(raise_exception=True)
        connection = service(
            connection=self.get_object(),
            actor=self.request.user,
            reply=body.validated_data["reply"],
        )
        return self.respond_with(connection)

    @extend_schema(request=ConnectionAnswerSerializer, responses=ConnectionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(services.connection_accept)

    @extend_schema(request=ConnectionAnswerSerializer, responses=ConnectionSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(services.connection_decline)

    @extend_schema(request=ConnectionRecordSerializer, responses=ConnectionSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record an accepted connection as a study visit or a twinning between the cities."""
        body = ConnectionRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        connection = services.connection_record(
            connection=self.get_object(), actor=request.user, **body.validated_data
        )
        return self.respond_with(connection)


def _own_project(user, pk):
    """`from_project` must be one of the asking city's own (working) projects."""
    if pk is None:
        return None
    project = Project.objects.filter(pk=pk, plan__city=user.city_id).first()
    if project is None:
        raise serializers.ValidationError(
            {"from_project": [_("Choose one of your own city's projects.")]}
        )
    return project
