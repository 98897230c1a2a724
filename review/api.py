"""API of the review (issue 15 point 6; the names are a contract): plausibility flags, query
threads and what changed since last year. Everything is scoped by the policy: the city, its
country's national representative and ASEC see their part; anybody else sees nothing (404)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import policy, text_limits
from core.api.base import ReadOnlyPortalViewSet, StrictSerializer
from core.api.filters import BooleanFilter, CitySlugFilter, PortalFilterSet, YearFilter
from core.api.permissions import PolicyPermission
from review import changes, selectors, services
from review.models import Flag, ObjectType, Query
from review.rules import Rule

# --- Flags ---------------------------------------------------------------------------------------


class ObjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ObjectType.choices)
    id = serializers.IntegerField()


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(source="answer")
    file = serializers.SerializerMethodField()
    link = serializers.CharField(source="answer_link")
    answered_at = serializers.DateTimeField(allow_null=True)

    def get_file(self, flag) -> str | None:
        if not flag.answer_file:
            return None
        return reverse("review:flag_file", args=[flag.pk])


class FlagSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.slug", read_only=True)
    project = serializers.IntegerField(source="project_id", read_only=True)
    object = serializers.SerializerMethodField()
    message = serializers.CharField(read_only=True)
    answer = serializers.SerializerMethodField()
    resolved = serializers.BooleanField(read_only=True)

    class Meta:
        model = Flag
        fields = [
            "id",
            "year",
            "city",
            "project",
            "rule",
            "object",
            "message",
            "answer",
            "resolved",
        ]
        read_only_fields = fields

    @extend_schema_field(ObjectSerializer)
    def get_object(self, flag) -> dict:
        return {"type": flag.object_type, "id": flag.object_id}

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, flag) -> dict | None:
        return AnswerSerializer(flag).data if flag.resolved else None


class FlagFilter(PortalFilterSet):
    year = YearFilter()
    city = CitySlugFilter()
    rule = filters.ChoiceFilter(choices=Rule.choices)
    resolved = BooleanFilter(method="filter_resolved")

    class Meta:
        model = Flag
        fields = ["year", "city", "rule", "resolved"]

    def filter_resolved(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.answered() if value else queryset.unanswered()


class FlagViewSet(ReadOnlyPortalViewSet):
    """Plausibility flags raised on progress updates and indicator values, with what the city
    answered (an explanation, an evidence file, a link); `resolved` once answered."""

    serializer_class = FlagSerializer
    filterset_class = FlagFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.flags_with_objects(policy.visible_flags(self.request.user))


# --- Queries -------------------------------------------------------------------------------------


class QueryMessageSerializer(serializers.Serializer):
    author = serializers.CharField(source="author.display_name")
    message = serializers.CharField(source="text")
    written_at = serializers.DateTimeField()


class QuerySerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.slug", read_only=True)
    object = serializers.SerializerMethodField()
    messages = QueryMessageSerializer(many=True, read_only=True)

    class Meta:
        model = Query
        fields = ["id", "year", "city", "object", "status", "opened_at", "resolved_at", "messages"]
        read_only_fields = fields

    @extend_schema_field(ObjectSerializer)
    def get_object(self, query) -> dict:
        return {"type": query.object_type, "id": query.object_id}


class QueryCreateSerializer(StrictSerializer):
    object_type = serializers.ChoiceField(choices=ObjectType.choices)
    object_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    message = serializers.CharField(max_length=text_limits.MESSAGE)


class MessageSerializer(StrictSerializer):
    message = serializers.CharField(max_length=text_limits.MESSAGE)


class QueryFilter(PortalFilterSet):
    year = YearFilter()
    city = CitySlugFilter()
    status = filters.ChoiceFilter(choices=Query.Status.choices)

    class Meta:
        model = Query
        fields = ["year", "city", "status"]


def _open(user) -> bool:
    return policy.can_open_queries(user)


class QueryViewSet(mixins.CreateModelMixin, ReadOnlyPortalViewSet):
    """Query threads on a city's report. ASEC (and the national representative for their cities)
    opens one on a progress update, an indicator value or a project; the city answers in the
    thread (`messages`); the reviewer resolves it. A submission with open queries cannot be
    accepted."""

    serializer_class = QuerySerializer
    filterset_class = QueryFilter
    lookup_value_regex = r"\d+"
    policy_rules = {
        "create": _open,
        "messages": policy.can_write_in_query,
        "resolve": policy.can_resolve_query,
    }

    def get_queryset(self):
        return selectors.queries_with_objects(policy.visible_queries(self.request.user))

    @extend_schema(request=QueryCreateSerializer, responses={201: QuerySerializer})
    def create(self, request, *args, **kwargs):
        body = QueryCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        query = services.query_open(actor=request.user, **body.validated_data)
        return self.respond_with(query, status.HTTP_201_CREATED)

    @extend_schema(request=MessageSerializer, responses={201: QuerySerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        body = MessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        query = self.get_object()
        services.query_reply(query=query, actor=request.user, **body.validated_data)
        return self.respond_with(query, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=QuerySerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self.respond_with(
            services.query_resolve(query=self.get_object(), actor=request.user)
        )


# --- What changed ---------------------------------------------------------------------------


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, k) for k in changes.KINDS])
    city = serializers.CharField()
    project = serializers.IntegerField(allow_null=True, source="project_id")
    title = serializers.CharField()
    indicator = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class ChangesFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=1901,
        max_value=2100,
        required=False,
        help_text=_("The year compared with the one before (default: the latest closed year)."),
    )
    city = serializers.CharField(
        max_length=80, required=False, help_text=_("Slug of the city, e.g. da-nang.")
    )


@extend_schema_serializer(many=False)  # one envelope, even though the action is `list`
class ChangeList(serializers.Serializer):
    year = serializers.IntegerField()
    compared_with = serializers.IntegerField()
    count = serializers.IntegerField()
    results = ChangeSerializer(many=True)


class ChangesViewSet(viewsets.GenericViewSet):
    """What changed in a year against the year before, per city (`city`) or for the network:
    from the frozen snapshots of closed years, from the live data for the open one. `kind` is
    one of new, completed, cancelled, stage, progress, slipped, target_reached, not_reported;
    `before` and `after` hold the values compared."""

    permission_classes = [PolicyPermission]
    serializer_class = ChangeSerializer
    pagination_class = None

    def get_queryset(self):
        return policy.visible_change_cities(self.request.user)

    @extend_schema(
        parameters=[ChangesFilterSerializer],
        responses=ChangeList,
    )
    def list(self, request):
        params = ChangesFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or selectors.changes_default_year()
        cities = self.get_queryset().order_by("name")
        if "city" in params.validated_data:
            cities = cities.filter(slug=params.validated_data["city"])
        found = selectors.changes_of(cities, year)
        rows = ChangeSerializer(found, many=True).data
        return Response(
            {"year": year, "compared_with": year - 1, "count": len(rows), "results": rows}
        )
