"""API of the network's geography: countries (by ISO code) and cities (by slug)."""

from django.db.models import Count
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from cities.models import PILOT_YEAR, City, Country
from core import policy
from core.api.base import PortalSerializer, ReadOnlyPortalViewSet, attach_codes
from core.api.filters import BooleanFilter, FocusAreaFilter, PortalFilterSet, YearFilter
from core.api.rows import translated, translated_columns
from partners.api import PartnerMatchSerializer, RecommendationQuerySerializer, recommendation_limit
from partners.matchmaking import partners_for_city


class CountrySerializer(PortalSerializer):
    city_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Country
        fields = ["code", "name", "asean_member_since", "city_count"]


class CountryViewSet(ReadOnlyPortalViewSet):
    """The ASEAN member states, looked up by ISO 3166-1 alpha-2 code (`/api/countries/VN/`)."""

    serializer_class = CountrySerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "asean_member_since"]

    def get_queryset(self):
        return (
            policy.visible_countries(self.request.user)
            .annotate(city_count=Count("cities"))
            .order_by("name")
        )

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


class CitySerializer(PortalSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    pilot = serializers.BooleanField(source="is_pilot", read_only=True)

    class Meta:
        model = City
        fields = [
            "slug",
            "name",
            "local_name",
            "country",
            "country_name",
            "is_capital",
            "latitude",
            "longitude",
            "population",
            "joined_year",
            "pilot",
            "profile",
            "website",
        ]

    # For a list read from rows (core/api/rows.py): the country's name in every language, for
    # `row_country_name` to choose as modeltranslation does (a plain `country__name` column is
    # the default language's).
    row_columns = translated_columns("country__name")

    def row_country_name(self, row) -> str:
        """The country's name in the language shown, else in the first language it falls back
        to that has one."""
        return translated(row, "country__name")

    def row_pilot(self, row) -> bool:
        """The city's `is_pilot`, for a list read from rows."""
        return row["joined_year"] == PILOT_YEAR


class CityFilter(PortalFilterSet):
    country = filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", help_text="ISO code, e.g. VN."
    )
    pilot = BooleanFilter(
        method="filter_pilot", help_text="true: the 26 pilot cities that joined in 2018."
    )
    joined_year = YearFilter(field_name="joined_year")
    focus_area = FocusAreaFilter(
        method="filter_focus_area", help_text="Cities with a project in this focus area (code)."
    )

    class Meta:
        model = City
        fields = ["country", "is_capital", "pilot", "joined_year", "focus_area"]

    def filter_pilot(self, queryset, name, value):
        return (
            queryset.filter(joined_year=PILOT_YEAR)
            if value
            else queryset.exclude(joined_year=PILOT_YEAR)
        )

    def filter_focus_area(self, queryset, name, value):
        projects = policy.visible_projects(self.request.user).filter(focus_areas__code=value)
        return queryset.filter(pk__in=projects.values("plan__city"))


class CityViewSet(ReadOnlyPortalViewSet):
    """Member cities of the network, looked up by slug (`/api/cities/da-nang/`)."""

    serializer_class = CitySerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = CityFilter
    search_fields = ["name", "local_name", "slug", "country__name"]
    ordering_fields = ["name", "joined_year", "population", "latitude", "longitude", "slug"]
    list_from_rows = True  # a page of 50 cities and countries as models: 0.58 of its floor
    rows_same_for_everyone = True  # the cities are public (policy.visible_cities)
    policy_rules = {"recommendations": policy.can_see_city_recommendations}

    def get_queryset(self):
        return policy.visible_cities(self.request.user).select_related("country")

    @extend_schema(
        parameters=[RecommendationQuerySerializer], responses=PartnerMatchSerializer(many=True)
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def recommendations(self, request, slug=None):
        """Partners ranked for what this city needs, each with its score and the reasons (for the
        city's own users and ASEC)."""
        matches = partners_for_city(self.get_object(), limit=recommendation_limit(request))
        attach_codes([match.obj for match in matches], ("focus_areas", "support_offered"))
        return Response(PartnerMatchSerializer(matches, many=True).data)
