"""API of the ASCF focus areas and of action plans with their workflow."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from action_plans import selectors, services
from action_plans.api.projects import PublishedRowsMixin
from action_plans.models import (
    ActionPlan,
    FocusArea,
    PlanStatus,
)
from core import policy
from core.api.base import (
    CommentSerializer,
    PortalSerializer,
    ReadOnlyPortalViewSet,
    VersionedSerializer,
    VersionedUpdateMixin,
)
from core.api.filters import (
    CitySlugFilter,
    CountryFilter,
    PortalFilterSet,
    YearFilter,
)

# --- ASCF ---------------------------------------------------------------------------------------


class FocusAreaSerializer(PortalSerializer):
    class Meta:
        model = FocusArea
        fields = ["code", "name", "summary", "position"]


class FocusAreaViewSet(ReadOnlyPortalViewSet):
    """The six focus areas of the ASEAN Smart Cities Framework, looked up by code."""

    serializer_class = FocusAreaSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    search_fields = ["name", "code", "summary"]
    ordering_fields = ["position", "code", "name"]

    def get_queryset(self):
        return policy.visible_focus_areas(self.request.user)


# --- Action plans -------------------------------------------------------------------------------


class ActionPlanSerializer(VersionedSerializer):
    """A plan as its reader may see it: the working copy for its city, country and ASEC, the last
    published revision for everyone else (a revision being edited stays private until published).
    `plans_for_reader` puts the right values in the `shown_*` annotations."""

    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="city.country.code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period_start = serializers.IntegerField(read_only=True)
    period_end = serializers.IntegerField(read_only=True)
    project_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "city",
            "country",
            "period",
            "period_start",
            "period_end",
            "vision",
            "strategic_targets",
            "status",
            "revision",
            "project_count",
            "version",
            "updated_at",
        ]
        read_only_fields = ["status", "revision", "updated_at"]

    # A list page reads rows (core/api/rows.py): what the reader may see is in the annotations.
    row_sources = {
        "period_start": "period__start_year",
        "period_end": "period__end_year",
        "vision": "shown_vision",
        "strategic_targets": "shown_targets",
        "revision": "shown_revision",
        "status": "shown_status",
    }

    def to_representation(self, plan):
        data = super().to_representation(plan)
        if not getattr(plan, "sees_working_copy", True):
            data.update(
                vision=plan.shown_vision,
                strategic_targets=plan.shown_targets,
                revision=plan.shown_revision,
                status=plan.shown_status,
            )
        return data


class ActionPlanFilter(PortalFilterSet):
    country = CountryFilter(field_name="city__country__code")
    city = CitySlugFilter()
    status = filters.ChoiceFilter(
        field_name="shown_status",
        choices=PlanStatus.choices,
        help_text="The status the reader sees: a revision in progress is private to its city, "
        "country and ASEC; everyone else sees the plan as published.",
    )
    year = YearFilter(method="filter_year", help_text="Plans whose period includes this year.")
    period = filters.CharFilter(
        field_name="period__code", help_text="Plans of this plan period (its code)."
    )

    class Meta:
        model = ActionPlan
        fields = ["country", "city", "status", "year", "period"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(period__start_year__lte=value, period__end_year__gte=value)


class ActionPlanViewSet(
    PublishedRowsMixin, VersionedUpdateMixin, mixins.UpdateModelMixin, ReadOnlyPortalViewSet
):
    """Action plans: published ones for everyone, drafts for their city, country and ASEC.

    The city edits the vision and strategic targets; the workflow moves a plan from draft to
    submitted (CSCO), endorsed (national representative) and published (ASEC); any reviewer may
    return it to draft with a comment.
    """

    serializer_class = ActionPlanSerializer
    lookup_value_regex = r"\d+"
    filterset_class = ActionPlanFilter
    search_fields = ["city__name", "shown_vision"]
    ordering_fields = ["city__name", "period__start_year", "updated_at"]
    ordering_aliases = {"status": "shown_status", "period_start": "period__start_year"}
    list_from_rows = True
    policy_rules = {
        "update": policy.can_edit_plan,
        "partial_update": policy.can_edit_plan,
        "submit": policy.can_submit_plan,
        "endorse": policy.can_endorse_plan,
        "return_": policy.can_return_plan,
        "publish": policy.can_publish_plan,
    }

    def get_queryset(self):
        return (
            selectors.plans_for_reader(self.request.user)
            .select_related("city__country", "period")
            .order_by("city__name", "-period__start_year")
        )

    def save_update(self, plan, data, version):
        return services.plan_update(plan=plan, actor=self.request.user, data=data, version=version)

    def _step(self, service):
        plan = self.get_object()
        body = CommentSerializer(data=self.request.data)
        body.is_valid(raise_exception=True)
        changed = service(
            plan=plan, actor=self.request.user, comment=body.validated_data["comment"]
        )
        return self.respond_with(changed)

    @extend_schema(request=CommentSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The city's CSCO submits the draft for endorsement."""
        return self._step(services.plan_submit)

    @extend_schema(request=CommentSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        """The country's national representative endorses a submitted plan."""
        return self._step(services.plan_endorse)

    @extend_schema(request=CommentSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """A reviewer returns the plan to its city as a draft; the comment says what to change."""
        return self._step(services.plan_return)

    @extend_schema(request=CommentSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """ASEC publishes an endorsed plan; the public sees this revision from now on."""
        return self._step(services.plan_publish)
