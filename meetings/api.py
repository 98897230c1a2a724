"""API of the network's meetings, with their documents and decisions."""

from django.db.models import Prefetch
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status

from cities.models import City, Country
from core import policy
from core.api.base import PortalSerializer, ReadOnlyPortalViewSet
from core.api.filters import (
    CitySlugFilter,
    CountryFilter,
    PortalFilterSet,
    YearFilter,
)
from core.api.rows import translated, translated_columns
from meetings import services
from meetings.models import Decision, Document, Meeting

_ANY_KEY = 987654321  # a key whose digits mark where a document's goes in its address
_COUNTRY_NAMES = translated_columns("owner_country__name")


class DocumentSerializer(PortalSerializer):
    file = serializers.SerializerMethodField(
        help_text="Download address of the document's file (the same token fetches it); null "
        "when the portal holds no file."
    )

    class Meta:
        model = Document
        fields = ["id", "title", "kind", "date", "adopted", "file"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, document) -> str | None:
        if not document.file:
            return None
        url = reverse("meetings:document_download", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    # A list page reads rows (core/api/rows.py): the download address is built with the request
    # once per page, each document's by its key.
    row_columns = ("file",)

    def prepare_rows(self, rows, request) -> None:
        url = reverse("meetings:document_download", args=[_ANY_KEY])
        head, tail = url.split(str(_ANY_KEY))
        if request is not None:
            head = request.build_absolute_uri(head)
        for row in rows:
            row["file_url"] = f"{head}{row['pk']}{tail}" if row["file"] else None

    def row_file(self, row) -> str | None:
        return row["file_url"]


class DecisionSerializer(PortalSerializer):
    owner = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "text", "owner", "due_date", "status"]

    # A list page reads rows (core/api/rows.py): the owner from its columns, as `Decision.owner`.
    row_columns = ("owner_city", "owner_city__name", "owner_country", *_COUNTRY_NAMES)

    def row_owner(self, row) -> str:
        if row["owner_city"] is not None:
            return row["owner_city__name"]
        if row["owner_country"] is not None:
            return translated(row, "owner_country__name")
        return "ASEC"


class MeetingSerializer(PortalSerializer):
    host_country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), allow_null=True, required=False
    )
    host_city = serializers.SlugRelatedField(
        slug_field="slug", queryset=City.objects.all(), allow_null=True, required=False
    )
    documents = DocumentSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "number",
            "title",
            "year",
            "start_date",
            "end_date",
            "host_country",
            "host_city",
            "venue",
            "format",
            "theme",
            "summary",
            "documents",
            "decisions",
        ]
        extra_kwargs = {"number": {"min_value": 1, "max_value": 1000}}


class MeetingFilter(PortalFilterSet):
    kind = filters.ChoiceFilter(choices=Meeting.Kind.choices)
    # `format` itself chooses the response format (`?format=csv`), as on every list.
    meeting_format = filters.ChoiceFilter(
        field_name="format", choices=Meeting.Format.choices, help_text="In person, virtual, hybrid."
    )
    country = CountryFilter(field_name="host_country__code", help_text="Host country (ISO code).")
    city = CitySlugFilter(field_name="host_city__slug", help_text="Host city (slug).")
    year = YearFilter(field_name="year")

    class Meta:
        model = Meeting
        fields = ["kind", "meeting_format", "country", "city", "year"]


def _manages_meetings(user, meeting=None) -> bool:
    return policy.can_manage_meetings(user)


class MeetingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyPortalViewSet):
    """Annual meetings, consultations, workshops and partner events of the ASCN; ASEC records
    them (documents and decisions are managed on the meeting's pages)."""

    serializer_class = MeetingSerializer
    list_from_rows = True  # a page of meetings, documents and decisions as models: 0.5 of its floor
    rows_same_for_everyone = True  # meetings are public (policy.visible_meetings)
    lookup_value_regex = r"\d+"
    filterset_class = MeetingFilter
    search_fields = ["title", "theme", "summary"]
    ordering_fields = ["start_date", "number", "title"]
    policy_rules = {
        "create": _manages_meetings,
        "update": _manages_meetings,
        "partial_update": _manages_meetings,
    }

    def get_queryset(self):
        return (
            policy.visible_meetings(self.request.user)
            .select_related("host_country", "host_city")
            .prefetch_related(
                "documents",
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.select_related("owner_city", "owner_country"),
                ),
            )
        )

    def create(self, request, *args, **kwargs):
        meeting = services.meeting_create(actor=request.user, **self.validated_data())
        return self.respond_with(meeting, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        meeting = self.get_object()
        data = self.validated_data(meeting, partial=partial)
        return self.respond_with(
            services.meeting_update(meeting=meeting, actor=request.user, **data)
        )
