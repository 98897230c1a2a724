"""API of the annual progress report (ASEC requests one and follows it until its files exist)
and of the catalogue indicators rolled up across cities."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from action_plans import calendar
from core import policy
from core.api.base import PortalSerializer, ReadOnlyPortalViewSet, StrictSerializer
from core.api.filters import PortalFilterSet, YearFilter
from reports import selectors, services
from reports.models import REPORT_FILE_FIELDS, AnnualReport
from reports.selectors import Scope


class ReportFilesSerializer(serializers.Serializer):
    html = serializers.URLField(allow_null=True)
    pdf = serializers.URLField(allow_null=True)
    xlsx = serializers.URLField(allow_null=True)
    json = serializers.URLField(allow_null=True)


class ReportSerializer(PortalSerializer):
    requested_by = serializers.CharField(
        source="requested_by.display_name",
        read_only=True,
        allow_null=True,
        help_text=_("Who asked for it: their name, or their role."),
    )
    files = serializers.SerializerMethodField(
        help_text=_("Download address of each produced file; null until it exists.")
    )

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "year",
            "status",
            "progress",
            "stage",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "error",
            "published",
            "published_at",
            "files",
        ]
        read_only_fields = fields

    @extend_schema_field(ReportFilesSerializer)
    def get_files(self, report) -> dict:
        """The portal's download address of each file (checked against the report's visibility
        and served as an attachment), not the storage's own."""
        request = self.context.get("request")
        return {
            kind: _file_url(report, kind, request) if getattr(report, field) else None
            for kind, field in REPORT_FILE_FIELDS.items()
        }


def _file_url(report, kind: str, request) -> str:
    url = reverse("reports:file", args=[report.pk, kind])
    return request.build_absolute_uri(url) if request else url


class ReportRequestSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=1900, max_value=2100)


class ReportFilter(PortalFilterSet):
    year = YearFilter(field_name="year")
    status = filters.ChoiceFilter(choices=AnnualReport.Status.choices)

    class Meta:
        model = AnnualReport
        fields = ["year", "status", "published"]


class ReportViewSet(mixins.CreateModelMixin, ReadOnlyPortalViewSet):
    """Annual progress reports: published ones for everyone, all of them for ASEC."""

    serializer_class = ReportSerializer
    lookup_value_regex = r"\d+"
    filterset_class = ReportFilter
    ordering_fields = ["year", "created_at", "finished_at"]
    policy_rules = {"create": policy.can_manage_reports}

    def get_queryset(self):
        return policy.visible_reports(self.request.user).select_related("requested_by")

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportSerializer})
    def create(self, request, *args, **kwargs):
        """Queue the assembly of a year's report (ASEC). While one is queued or running for
        that year, that one is returned."""
        payload = ReportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report, _created = services.report_request(
            year=payload.validated_data["year"], actor=request.user
        )
        return self.respond_with(report, status.HTTP_202_ACCEPTED)


# --- The indicator catalogue across cities ------------------------------------------------------


class RollUpFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=_("Default: the reporting year.")
    )
    country = serializers.RegexField(regex=r"^[A-Za-z]{2}$", required=False)
    city = serializers.SlugField(required=False, max_length=80)
    focus_area = serializers.SlugField(required=False, max_length=40)


class CatalogueRollUpSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    framework = serializers.CharField(source="indicator.framework")
    aggregation = serializers.CharField(source="indicator.aggregation")
    unit = serializers.CharField()
    cities = serializers.IntegerField()
    indicators = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=20, decimal_places=2)


class CatalogueRollUpView(APIView):
    """Catalogue indicators rolled up across cities from published plans, one row per indicator
    and unit (values in different units are never combined)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="indicator_roll_ups",
        parameters=[RollUpFilterSerializer],
        responses=CatalogueRollUpSerializer(many=True),
    )
    def get(self, request):
        filters = RollUpFilterSerializer(data=request.query_params)
        if not filters.is_valid():
            return Response(filters.errors, status=400)
        wanted = filters.validated_data
        scope = selectors.as_frozen(
            Scope(
                year=wanted.get("year") or calendar.reporting_year(),
                country=(wanted.get("country") or "").upper() or None,
                city=wanted.get("city"),
                focus_area=wanted.get("focus_area"),
                published_only=True,
            )
        )
        rows = selectors.catalogue_roll_up(scope)
        return Response(CatalogueRollUpSerializer(rows, many=True).data)
