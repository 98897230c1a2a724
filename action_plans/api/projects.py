"""API of projects: list, detail, export in the importer's columns, and writes."""

from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, status

from action_plans import services
from action_plans.currencies import CURRENCIES
from action_plans.models import (
    AscapItem,
    FocusArea,
    FrameworkComponent,
    FundingSource,
    GesiGroup,
    ProgressUpdate,
    Project,
    Stage,
    StrategicOutcome,
    UpdateStatus,
    same_project,
)
from action_plans.project_files import projects_export
from action_plans.services.funding import funding_total
from core import policy
from core.api.base import (
    CodesField,
    ReadOnlyPortalViewSet,
    VersionedSerializer,
    VersionedUpdateMixin,
    reject_unknown_fields,
)
from core.api.filters import (
    CitySlugFilter,
    CountryFilter,
    FocusAreaFilter,
    IdFilter,
    PortalFilterSet,
    YearFilter,
)
from partners.models import Partner

YEAR_BOUNDS = {"min_value": 1900, "max_value": 2100}


# --- Projects -----------------------------------------------------------------------------------


def _latest_update(field: str) -> Subquery:
    updates = ProgressUpdate.objects.filter(project=same_project()).order_by("-year")
    return Subquery(updates.values(field)[:1])


class PublicIdRelatedField(serializers.PrimaryKeyRelatedField):
    """A project (or other layered object) named by its public id: a published row answers to the
    id of the working object it was copied from, so ids are the same for every reader."""

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return value.public_id


class PublishedRowsMixin:
    """A list whose queryset is the same for every reader who sees no working copy (anybody but
    a city's people, a country's representatives and ASEC): the published layer, which the
    policy gives them all alike; its compiled SQL is kept for them (core/api/rows.py)."""

    def shared_rows_key(self):
        return None if policy.sees_any_drafts(self.request.user) else "published"


class LayeredViewSetMixin:
    """Detail URLs take the public id (see `PublicIdRelatedField`)."""

    lookup_field = "public_pk"
    lookup_url_kwarg = "pk"

    def get_queryset(self):
        return self.layered_queryset().annotate(public_pk=Coalesce("origin", "pk"))


class FundingSourceSerializer(serializers.ModelSerializer):
    """One funding source; a project's `funding_sources` are replaced as a whole when sent."""

    partner = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Partner.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The partner's slug, when the funder is a partner."),
    )
    currency = serializers.ChoiceField(choices=sorted(CURRENCIES), default="USD")

    class Meta:
        model = FundingSource
        fields = [
            "funder_kind",
            "partner",
            "funder_name",
            "instrument",
            "amount",
            "currency",
            "amount_usd",
            "status",
            "iati_identifier",
            "funder_reference",
        ]
        extra_kwargs = {
            "amount": {"min_value": 0},
            "amount_usd": {"min_value": 0, "required": False, "allow_null": True},
        }

    def to_internal_value(self, data):
        reject_unknown_fields(self, data)
        return super().to_internal_value(data)


class ProjectSerializer(VersionedSerializer):
    scoped_fields = {"plan": policy.visible_plans}
    create_only_fields = ("plan",)

    id = serializers.IntegerField(source="public_id", read_only=True)
    city = serializers.CharField(source="plan.city.slug", read_only=True)
    country = serializers.CharField(source="plan.city.country.code", read_only=True)
    focus_areas = CodesField(many=True, queryset=FocusArea.objects.all(), allow_empty=False)
    primary_focus_area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=FocusArea.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "The focus area the project counts under in Exhibit 1 (one of `focus_areas`; "
            "by default the first of them in ASCF order)."
        ),
    )
    outcomes = CodesField(many=True, queryset=StrategicOutcome.objects.all(), required=False)
    gesi_groups = CodesField(many=True, queryset=GesiGroup.objects.all(), required=False)
    funding_sources = FundingSourceSerializer(many=True, required=False)
    funding_total_usd = serializers.SerializerMethodField(
        help_text=_("The funding sources' total in USD.")
    )
    funding_gap_usd = serializers.SerializerMethodField(
        help_text=_("The budget less the funding sources (null without a budget).")
    )
    components = CodesField(
        many=True,
        queryset=FrameworkComponent.objects.all(),
        required=False,
        help_text=_("The ASCF enablers and key urban systems the project works on (codes)."),
    )
    ascap = CodesField(
        many=True,
        queryset=AscapItem.objects.all(),
        required=False,
        help_text=_(
            "ASCAP 2026–2035 goals and actions it contributes to (projects of the new period)."
        ),
    )
    predecessor = serializers.IntegerField(
        source="predecessor_ref",
        read_only=True,
        allow_null=True,
        help_text=_("The project of the previous period this one continues as a next phase."),
    )
    successor = serializers.IntegerField(
        source="successor_ref",
        read_only=True,
        allow_null=True,
        help_text=_("The next phase of this project in the following period."),
    )
    percent_complete = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("From the latest progress update.")
    )
    progress_status = serializers.ChoiceField(
        choices=UpdateStatus.choices,
        read_only=True,
        allow_null=True,
        help_text=_("From the latest progress update."),
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "plan",
            "city",
            "country",
            "title",
            "summary",
            "focus_areas",
            "primary_focus_area",
            "outcomes",
            "lead_agency",
            "start_year",
            "end_year",
            "budget_usd",
            "funding_model",
            "stage",
            "readiness",
            "om_cost_usd",
            "om_paid_by",
            "funding_sources",
            "funding_total_usd",
            "funding_gap_usd",
            "seeking_partners",
            "partnership_needs",
            "gesi_groups",
            "components",
            "ascap",
            "predecessor",
            "successor",
            "position",
            "percent_complete",
            "progress_status",
            "version",
            "updated_at",
        ]
        read_only_fields = ["position", "updated_at"]
        extra_kwargs = {
            "start_year": YEAR_BOUNDS,
            "end_year": YEAR_BOUNDS,
            "budget_usd": {"min_value": 0},
            "om_cost_usd": {"min_value": 0},
        }

    # A list page reads rows (core/api/rows.py): the public id is the viewset's annotation.
    row_sources = {"id": "public_pk"}

    def get_funding_total_usd(self, project) -> str:
        return str(funding_total(project.funding_sources.all()))

    def get_funding_gap_usd(self, project) -> str | None:
        if project.budget_usd is None:
            return None
        return str(project.budget_usd - funding_total(project.funding_sources.all()))

    def row_funding_total_usd(self, row) -> str:
        return str(_funding_total_of_rows(row["funding_sources"]))

    def row_funding_gap_usd(self, row) -> str | None:
        if row["budget_usd"] is None:
            return None
        return str(row["budget_usd"] - _funding_total_of_rows(row["funding_sources"]))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        start = attrs.get("start_year", getattr(self.instance, "start_year", None))
        end = attrs.get("end_year", getattr(self.instance, "end_year", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_year": [_("Ends before it starts.")]})
        return attrs


def _funding_total_of_rows(sources: list[dict]) -> Decimal:
    return funding_total(SimpleNamespace(amount_usd=row["amount_usd"]) for row in sources)


class ProjectFilter(PortalFilterSet):
    plan = IdFilter(field_name="plan")
    country = CountryFilter(field_name="plan__city__country__code")
    city = CitySlugFilter(field_name="plan__city__slug")
    focus_area = FocusAreaFilter()
    stage = filters.ChoiceFilter(choices=Stage.choices)
    status = filters.ChoiceFilter(
        field_name="stage", choices=Stage.choices, help_text="The project's stage (as `stage`)."
    )
    year = YearFilter(method="filter_year", help_text="Projects under way in this year.")
    gesi_group = filters.CharFilter(field_name="gesi_groups__code", max_length=40)
    component = filters.CharFilter(
        field_name="components__code",
        max_length=40,
        distinct=True,
        help_text="An ASCF enabler or urban system.",
    )
    ascap = filters.CharFilter(
        field_name="ascap__code",
        max_length=40,
        distinct=True,
        help_text="An ASCAP goal or action (its code).",
    )
    period = filters.CharFilter(
        field_name="plan__period__code", max_length=40, help_text="The plan period (its code)."
    )

    class Meta:
        model = Project
        fields = [
            "plan",
            "country",
            "city",
            "focus_area",
            "stage",
            "status",
            "year",
            "seeking_partners",
            "funding_model",
            "gesi_group",
            "component",
            "ascap",
            "period",
        ]

    def filter_year(self, queryset, name, value):
        started = Q(start_year__isnull=True) | Q(start_year__lte=value)
        not_ended = Q(end_year__isnull=True) | Q(end_year__gte=value)
        return queryset.filter(started & not_ended)


FUNDING_PREFETCH = Prefetch(
    "funding_sources", queryset=FundingSource.objects.select_related("partner")
)


def projects_for_api(user):
    """Projects as the API reads them: the latest progress from subqueries (which a count
    leaves out, as it has no join to make)."""
    return policy.visible_projects(user).annotate(
        percent_complete=_latest_update("percent_complete"),
        progress_status=_latest_update("status"),
        # Lineage belongs to the working projects: a published row reads its origin's. (One row
        # each, by primary key or a unique index: no order to sort by.)
        predecessor_ref=Subquery(
            Project.objects.filter(pk=same_project()).order_by().values("predecessor")[:1]
        ),
        successor_ref=Subquery(
            Project.objects.filter(predecessor=same_project()).order_by().values("pk")[:1]
        ),
    )


class ProjectViewSet(
    PublishedRowsMixin,
    LayeredViewSetMixin,
    VersionedUpdateMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyPortalViewSet,
):
    """Projects of the action plans a user may see; their city edits them while its plan may be
    edited (a published plan then becomes a new draft revision). Exports (`?format=csv|xlsx`)
    are in exactly the columns `manage.py import_projects` reads."""

    serializer_class = ProjectSerializer
    lookup_value_regex = r"\d+"
    filterset_class = ProjectFilter
    search_fields = ["title", "summary", "lead_agency", "plan__city__name"]
    ordering_fields = [
        "title",
        "start_year",
        "end_year",
        "budget_usd",
        "stage",
        "position",
        "updated_at",
        "percent_complete",
    ]
    ordering = ["plan__city__name", "position", "pk"]
    attached_codes = ("focus_areas", "outcomes", "gesi_groups", "components", "ascap")
    list_from_rows = True
    policy_rules = {
        "create": policy.has_city_role,
        "update": policy.can_edit_project,
        "partial_update": policy.can_edit_project,
        "destroy": policy.can_edit_project,
    }

    def layered_queryset(self):
        projects = projects_for_api(self.request.user).select_related(
            "primary_focus_area", "plan__city__country"
        )
        # The exporter prefetches the funding sources itself, with the partners' slugs.
        return projects if self.exporting else projects.prefetch_related(FUNDING_PREFETCH)

    def export_table(self, queryset) -> bytes:
        return projects_export(queryset, file_format=self.request.accepted_renderer.format)

    def create(self, request, *args, **kwargs):
        data = self.validated_data()
        project = services.project_create(plan=data.pop("plan"), actor=request.user, data=data)
        return self.respond_with(project, status.HTTP_201_CREATED)

    def save_update(self, project, data, version):
        return services.project_update(
            project=project, actor=self.request.user, data=data, version=version
        )

    def perform_destroy(self, project):
        services.project_delete(project=project, actor=self.request.user)
