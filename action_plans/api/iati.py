"""`GET /api/iati/activities.xml`: the published projects as an IATI 2.03 activity file.

A DRF view like every public endpoint, so that it is throttled like them and documented in the
OpenAPI schema; the file itself is streamed (the whole network's file never sits in memory)."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from action_plans.iati import iati_activities_stream, iati_projects


class IatiFilterSerializer(serializers.Serializer):
    city = serializers.SlugField(required=False, max_length=80, help_text="A city's slug.")
    country = serializers.RegexField(
        regex=r"^[A-Za-z]{2}$", required=False, help_text="An ISO 3166-1 alpha-2 country code."
    )
    partner = serializers.SlugField(
        required=False,
        max_length=80,
        help_text="A partner's slug: the projects it funds, supports or was accepted on.",
    )


class _AnyAccept(BaseContentNegotiation):
    """IATI readers ask for XML; the file is XML whatever they ask, a refusal is JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class IatiActivitiesView(APIView):
    # Anyone may read it: it holds what ASEC published, for every reader alike.
    permission_classes = [AllowAny]
    content_negotiation_class = _AnyAccept
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        operation_id="iati_activities",
        summary="The published projects as an IATI 2.03 activity file",
        parameters=[IatiFilterSerializer],
        responses={
            (200, "application/xml"): OpenApiResponse(
                OpenApiTypes.STR, description="An `iati-activities` 2.03 document."
            ),
        },
        tags=["iati"],
    )
    def get(self, request):
        filters = IatiFilterSerializer(data=request.query_params)
        if not filters.is_valid():
            return Response(filters.errors, status=400)
        projects = iati_projects(**filters.validated_data)
        response = StreamingHttpResponse(
            iati_activities_stream(projects), content_type="application/xml; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="ascn-iati-activities.xml"'
        return response
