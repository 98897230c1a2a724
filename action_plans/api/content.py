"""API of what belongs to a project: milestones, indicators (with their yearly values) and
progress updates."""

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.settings import api_settings

from action_plans import aggregates, services
from action_plans.api.projects import (
    YEAR_BOUNDS,
    LayeredViewSetMixin,
    PublicIdRelatedField,
    PublishedRowsMixin,
)
from action_plans.models import (
    CatalogueIndicator,
    DisaggregatedValue,
    GesiGroup,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Sex,
    UpdateStatus,
)
from core import policy
from core.api.base import (
    PortalSerializer,
    ReadOnlyPortalViewSet,
    StrictSerializer,
    VersionedSerializer,
    VersionedUpdateMixin,
)
from core.api.filters import (
    BooleanFilter,
    CitySlugFilter,
    CountryFilter,
    FocusAreaFilter,
    IdFilter,
    PortalFilterSet,
    YearFilter,
)

# --- Milestones, indicators, progress updates ---------------------------------------------------


class ProjectChildFilter(PortalFilterSet):
    """Filters of whatever belongs to one project (milestones and indicators: the project's own
    rows, working or published, so that filters read what the user may see)."""

    project = IdFilter(method="filter_project")
    country = CountryFilter(field_name="project__plan__city__country__code")
    city = CitySlugFilter(field_name="project__plan__city__slug")
    focus_area = FocusAreaFilter(field_name="project__focus_areas__code")

    def filter_project(self, queryset, name, value):
        return queryset.filter(
            Q(project=value, project__origin__isnull=True) | Q(project__origin=value)
        )


class PublicIdSerializerMixin(serializers.Serializer):
    id = serializers.IntegerField(source="public_id", read_only=True)


class MilestoneSerializer(PublicIdSerializerMixin, VersionedSerializer):
    scoped_fields = {"project": policy.visible_projects}
    create_only_fields = ("project",)
    serializer_related_field = PublicIdRelatedField

    class Meta:
        model = Milestone
        fields = ["id", "project", "title", "due_date", "done_date", "version"]


class MilestoneFilter(ProjectChildFilter):
    done = BooleanFilter(field_name="done_date", lookup_expr="isnull", exclude=True)
    year = YearFilter(field_name="due_date__year", help_text="Due in this year.")

    class Meta:
        model = Milestone
        fields = ["project", "country", "city", "focus_area", "done", "year"]


def _project_of(user, child) -> bool:
    return policy.can_edit_project(user, child.project)


CHILD_RULES = {
    "create": policy.has_city_role,
    "update": _project_of,
    "partial_update": _project_of,
    "destroy": _project_of,
}


class MilestoneViewSet(
    LayeredViewSetMixin,
    VersionedUpdateMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyPortalViewSet,
):
    """Milestones of projects, edited by the project's city like the project itself."""

    serializer_class = MilestoneSerializer
    lookup_value_regex = r"\d+"
    filterset_class = MilestoneFilter
    search_fields = ["title"]
    ordering_fields = ["due_date", "done_date", "title"]
    policy_rules = CHILD_RULES

    def layered_queryset(self):
        return policy.visible_milestones(self.request.user).select_related("project__plan__city")

    def create(self, request, *args, **kwargs):
        data = self.validated_data()
        milestone = services.milestone_create(
            project=data.pop("project"), actor=request.user, data=data
        )
        return self.respond_with(milestone, status.HTTP_201_CREATED)

    def save_update(self, milestone, data, version):
        return services.milestone_update(
            milestone=milestone, actor=self.request.user, data=data, version=version
        )

    def perform_destroy(self, milestone):
        services.milestone_delete(milestone=milestone, actor=self.request.user)


PARTS = DisaggregatedValue.objects.select_related("gesi_group")


class DisaggregatedValueSerializer(PortalSerializer):
    gesi_group = serializers.SlugRelatedField(
        slug_field="code",
        queryset=GesiGroup.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("A GESI target group's code, or null."),
    )
    sex = serializers.ChoiceField(choices=Sex.choices, allow_blank=True, required=False)

    class Meta:
        model = DisaggregatedValue
        fields = ["gesi_group", "sex", "value"]


class IndicatorValueSerializer(PortalSerializer):
    year = serializers.IntegerField(**YEAR_BOUNDS)
    parts = DisaggregatedValueSerializer(many=True, read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "parts"]


class IndicatorSerializer(PublicIdSerializerMixin, VersionedSerializer):
    scoped_fields = {"project": policy.visible_projects}
    create_only_fields = ("project",)
    serializer_related_field = PublicIdRelatedField

    values = IndicatorValueSerializer(many=True, read_only=True)
    catalogue = serializers.SlugRelatedField(
        slug_field="code",
        queryset=CatalogueIndicator.objects.all(),
        allow_null=True,
        required=False,
        help_text=_(
            "Code of a catalogue indicator (/api/indicator-catalogue/); its unit and direction "
            "replace the ones given. Null for a custom indicator."
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "project",
            "name",
            "unit",
            "catalogue",
            "direction",
            "measurement",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "values",
            "version",
        ]
        extra_kwargs = {"baseline_year": YEAR_BOUNDS, "target_year": YEAR_BOUNDS}


class IndicatorFilter(ProjectChildFilter):
    class Meta:
        model = Indicator
        fields = ["project", "country", "city", "focus_area"]


class IndicatorValueRequestSerializer(StrictSerializer):
    year = serializers.IntegerField(**YEAR_BOUNDS)
    value = serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        allow_null=True,
        help_text=_("The value measured in the year; null removes it."),
    )
    parts = DisaggregatedValueSerializer(
        many=True,
        required=False,
        help_text=_(
            "The value by GESI target group and/or sex; when given, they replace the year's parts."
        ),
    )


class IndicatorViewSet(
    LayeredViewSetMixin,
    VersionedUpdateMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyPortalViewSet,
):
    """Indicators of projects, with the value measured each year."""

    serializer_class = IndicatorSerializer
    lookup_value_regex = r"\d+"
    filterset_class = IndicatorFilter
    search_fields = ["name", "unit"]
    ordering_fields = ["name", "target_year"]
    policy_rules = {**CHILD_RULES, "values": _project_of}

    def layered_queryset(self):
        return (
            policy.visible_indicators(self.request.user)
            .select_related("project__plan__city", "catalogue")
            .prefetch_related("values", Prefetch("values__parts", queryset=PARTS))
        )

    def create(self, request, *args, **kwargs):
        data = self.validated_data()
        indicator = services.indicator_create(
            project=data.pop("project"), actor=request.user, data=data
        )
        return self.respond_with(indicator, status.HTTP_201_CREATED)

    def save_update(self, indicator, data, version):
        return services.indicator_update(
            indicator=indicator, actor=self.request.user, data=data, version=version
        )

    def perform_destroy(self, indicator):
        services.indicator_delete(indicator=indicator, actor=self.request.user)

    @extend_schema(request=IndicatorValueRequestSerializer, responses=IndicatorSerializer)
    @action(detail=True, methods=["post"])
    def values(self, request, pk=None):
        """Record the value measured in a year (or remove it with `"value": null`)."""
        indicator = self.get_object()
        body = IndicatorValueRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.indicator_value_set(indicator=indicator, actor=request.user, **body.validated_data)
        return self.respond_with(indicator)


# What a user's `display_name` reads: their names and role, and the name of where they work
# (a country's whole row: its name is one column per language).
DISPLAY_NAME_FIELDS = (
    "first_name",
    "last_name",
    "role",
    "is_superuser",
    "city__name",
    "partner__name",
    "country",
)


class ProgressUpdateSerializer(VersionedSerializer):
    scoped_fields = {"project": policy.visible_projects}
    create_only_fields = ("project", "year")

    city = serializers.CharField(source="project.plan.city.slug", read_only=True)
    country = serializers.CharField(source="project.plan.city.country.code", read_only=True)
    submitted_by = serializers.CharField(
        source="submitted_by.display_name",
        read_only=True,
        allow_null=True,
        help_text=_("Who submitted it: their name, or their role and city."),
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "project",
            "city",
            "country",
            "year",
            "percent_complete",
            "status",
            "narrative",
            "challenges",
            "support_needed",
            "submitted_by",
            "submitted_at",
            "version",
        ]
        read_only_fields = ["submitted_at"]
        extra_kwargs = {"year": YEAR_BOUNDS, "percent_complete": {"max_value": 100}}

    # A list page reads rows (core/api/rows.py); the submitters' names for a page in one query.
    row_columns = ("submitted_by",)

    def prepare_rows(self, rows, request) -> None:
        ids = {row["submitted_by"] for row in rows} - {None}
        users = (
            get_user_model()
            .objects.filter(pk__in=ids)
            .select_related("city", "country", "partner")
            .only(*DISPLAY_NAME_FIELDS)
        )
        names = {user.pk: user.display_name for user in users}
        for row in rows:
            row["submitted_by_name"] = names.get(row["submitted_by"])

    def row_submitted_by(self, row) -> str | None:
        return row["submitted_by_name"]


def _seen_projects(user):
    """The working ids of the projects as the user sees them (updates hang on working projects)."""
    return policy.visible_projects(user).values(working_id=Coalesce("origin", "pk"))


class ProgressUpdateFilter(ProjectChildFilter):
    focus_area = FocusAreaFilter(method="filter_focus_area")
    status = filters.ChoiceFilter(choices=UpdateStatus.choices)
    year = YearFilter(field_name="year")

    class Meta:
        model = ProgressUpdate
        fields = ["project", "country", "city", "focus_area", "status", "year"]

    def filter_project(self, queryset, name, value):
        return queryset.filter(project=value)

    def filter_focus_area(self, queryset, name, value):
        seen = _seen_projects(self.request.user).filter(focus_areas__code=value)
        return queryset.filter(project__in=seen)


def _submits_progress(user, update) -> bool:
    return policy.can_submit_progress(user, update.project)


class ProgressUpdateViewSet(
    PublishedRowsMixin,
    VersionedUpdateMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ReadOnlyPortalViewSet,
):
    """One update per project and reporting year, written by the project's city whatever the
    plan's workflow state. Creating one for a year that has it already is a 409."""

    serializer_class = ProgressUpdateSerializer
    lookup_value_regex = r"\d+"
    filterset_class = ProgressUpdateFilter
    search_fields = ["narrative", "challenges", "project_title"]
    ordering_fields = ["year", "percent_complete", "status", "submitted_at"]
    list_from_rows = True
    policy_rules = {
        "create": policy.has_city_role,
        "update": _submits_progress,
        "partial_update": _submits_progress,
    }

    def shared_rows_count(self, kind):
        # The published kind's list is every public update (policy.visible_progress_updates):
        # the database keeps their count (action_plans/aggregates.py).
        return aggregates.public_progress_update_count if kind == "published" else None

    def get_queryset(self):
        user = self.request.user
        updates = (
            policy.visible_progress_updates(user)
            .select_related("project__plan__city__country", "submitted_by")
            # Not the model's ["project", "-year"], which sorts every update by its project's
            # city name, plan and position (a join and sort over all rows for one page).
            .order_by("project_id", "-year")
        )
        if not self.request.query_params.get(api_settings.SEARCH_PARAM):
            return updates
        # The title of the project as the user sees it, which only a search reads.
        seen = policy.visible_projects(user).filter(
            Q(pk=OuterRef("project"), origin__isnull=True) | Q(origin=OuterRef("project"))
        )
        return updates.annotate(project_title=Subquery(seen.values("title")[:1]))

    def create(self, request, *args, **kwargs):
        data = self.validated_data()
        update = services.progress_update_save(
            project=data.pop("project"),
            actor=request.user,
            year=data.pop("year"),
            data=data,
            version=None,
        )
        return self.respond_with(update, status.HTTP_201_CREATED)

    def save_update(self, update, data, version):
        return services.progress_update_save(
            project=update.project,
            actor=self.request.user,
            year=update.year,
            data=data,
            version=version,
        )


# --- The indicator catalogue -------------------------------------------------------------------


class CatalogueIndicatorSerializer(PortalSerializer):
    class Meta:
        model = CatalogueIndicator
        fields = ["code", "framework", "reference", "name", "unit", "direction", "aggregation"]


class CatalogueIndicatorFilter(PortalFilterSet):
    framework = filters.ChoiceFilter(
        choices=CatalogueIndicator._meta.get_field("framework").choices
    )

    class Meta:
        model = CatalogueIndicator
        fields = ["framework"]


class CatalogueIndicatorViewSet(ReadOnlyPortalViewSet):
    """The indicator catalogue: the portal's own indicators, SDG 11 and ISO 37120 / 37122 (codes
    and names), looked up by their stable code."""

    serializer_class = CatalogueIndicatorSerializer
    filterset_class = CatalogueIndicatorFilter
    lookup_field = "code"
    lookup_value_regex = r"[-A-Za-z0-9.]+"
    search_fields = ["code", "name"]
    ordering_fields = ["code", "framework", "name"]

    def get_queryset(self):
        return policy.visible_catalogue_indicators(self.request.user)
