"""API of the marketplace: partners (by slug), twinnings, opportunities and interests.

Writes go through `partners.services`: a partner's users (or ASEC) edit its profile, ASEC records
twinnings, a city posts and closes opportunities and answers interests, partner users express
(and withdraw) interest.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from action_plans.models import FocusArea
from cities.models import City
from core import policy, text_limits
from core.api.base import (
    CodesField,
    PortalSerializer,
    ReadOnlyPortalViewSet,
    StrictSerializer,
    VersionedSerializer,
    VersionedUpdateMixin,
    attach_codes,
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
from partners import services
from partners.invitations import partner_user_invite
from partners.matchmaking import opportunities_for_partner
from partners.models import Interest, Opportunity, Partner, SupportType, Twinning


def _codes(model, **kwargs):
    return CodesField(many=True, queryset=model.objects.all(), **kwargs)


# --- Opportunities ------------------------------------------------------------------------------


class OpportunitySerializer(VersionedSerializer):
    scoped_fields = {"project": policy.visible_projects}
    create_only_fields = ("city",)

    city = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
        help_text="The posting city (slug); a city user's own city when left out.",
    )
    country = serializers.CharField(source="city.country.code", read_only=True)
    focus_areas = _codes(FocusArea, allow_empty=False)
    support_sought = _codes(SupportType, allow_empty=False)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "city",
            "country",
            "project",
            "title",
            "description",
            "focus_areas",
            "support_sought",
            "status",
            "closing_date",
            "created_at",
            "version",
        ]
        read_only_fields = ["status", "created_at"]


class OpportunityFilter(PortalFilterSet):
    city = CitySlugFilter()
    country = CountryFilter(field_name="city__country__code")
    project = IdFilter(field_name="project")
    focus_area = FocusAreaFilter()
    support = filters.CharFilter(field_name="support_sought__code", max_length=40)
    status = filters.ChoiceFilter(choices=Opportunity.Status.choices)
    year = YearFilter(field_name="created_at__year", help_text="Posted in this year.")

    class Meta:
        model = Opportunity
        fields = ["city", "country", "project", "focus_area", "support", "status", "year"]


def _posts_for_their_city(user) -> bool:
    """Before the body is read: what the service asks, for the city the user posts for."""
    return policy.can_post_opportunity(user, getattr(user, "city", None))


class OpportunityViewSet(
    VersionedUpdateMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyPortalViewSet
):
    """Support sought by cities: open ones for everyone; a city posts, edits and closes its own."""

    serializer_class = OpportunitySerializer
    lookup_value_regex = r"\d+"
    filterset_class = OpportunityFilter
    search_fields = ["title", "description", "city__name"]
    ordering_fields = ["closing_date", "created_at", "title"]
    attached_codes = ("focus_areas", "support_sought")
    list_from_rows = True  # a page of 50 models and cities cost 2.4x its `.values()` floor
    policy_rules = {
        "create": _posts_for_their_city,
        "update": policy.can_edit_opportunity,
        "partial_update": policy.can_edit_opportunity,
        "close": policy.can_edit_opportunity,
    }

    def get_queryset(self):
        return policy.visible_opportunities(self.request.user).select_related("city__country")

    def create(self, request, *args, **kwargs):
        data = self.validated_data()
        city = data.pop("city", None) or request.user.city
        opportunity = services.opportunity_create(city=city, actor=request.user, **data)
        return self.respond_with(opportunity, status.HTTP_201_CREATED)

    def save_update(self, opportunity, data, version):
        return services.opportunity_update(
            opportunity=opportunity, actor=self.request.user, version=version, **data
        )

    @extend_schema(request=None, responses=OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The city stops taking interest; pending interests stay for it to answer."""
        opportunity = services.opportunity_close(opportunity=self.get_object(), actor=request.user)
        return self.respond_with(opportunity)


# --- Partners -----------------------------------------------------------------------------------


class PartnerSerializer(VersionedSerializer):
    focus_areas = _codes(FocusArea, required=False)
    support_offered = _codes(SupportType, required=False)

    class Meta:
        model = Partner
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "website",
            "summary",
            "focus_areas",
            "support_offered",
            "version",
        ]
        read_only_fields = ["slug"]


class PartnerFilter(PortalFilterSet):
    kind = filters.ChoiceFilter(choices=Partner.Kind.choices)
    country = filters.CharFilter(lookup_expr="iexact", max_length=2, help_text="ISO code.")
    focus_area = FocusAreaFilter()
    support = filters.CharFilter(field_name="support_offered__code", max_length=40)

    class Meta:
        model = Partner
        fields = ["kind", "country", "focus_area", "support"]


class RecommendationQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        min_value=1, max_value=100, default=20, help_text="How many to return (at most 100)."
    )


class OpportunityMatchSerializer(serializers.Serializer):
    score = serializers.FloatField(help_text="0 to 100; higher fits better.")
    reasons = serializers.ListField(child=serializers.CharField())
    opportunity = OpportunitySerializer(source="obj")


class PartnerMatchSerializer(serializers.Serializer):
    score = serializers.FloatField(help_text="0 to 100; higher fits better.")
    reasons = serializers.ListField(child=serializers.CharField())
    partner = PartnerSerializer(source="obj")


def recommendation_limit(request) -> int:
    query = RecommendationQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["limit"]


class PartnerInvitationSerializer(StrictSerializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=150)


class PartnerUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    is_active = serializers.BooleanField()


class PartnerViewSet(
    VersionedUpdateMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyPortalViewSet
):
    """The partner directory, looked up by slug; a partner's users (and ASEC) edit its profile;
    ASEC adds partners and invites their users."""

    serializer_class = PartnerSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = PartnerFilter
    search_fields = ["name", "summary", "slug"]
    ordering_fields = ["name", "kind", "country"]
    attached_codes = ("focus_areas", "support_offered")
    list_from_rows = True
    rows_same_for_everyone = True  # the partner directory is public (policy.visible_partners)
    policy_rules = {
        "update": policy.can_edit_partner,
        "partial_update": policy.can_edit_partner,
        "recommendations": policy.can_see_partner_recommendations,
        "create": policy.can_manage_partners,
        "invite": policy.can_manage_partner_users,
    }

    def get_queryset(self):
        return policy.visible_partners(self.request.user)

    def create(self, request, *args, **kwargs):
        partner = services.partner_create(actor=request.user, **self.validated_data())
        return self.respond_with(partner, status.HTTP_201_CREATED)

    @extend_schema(request=PartnerInvitationSerializer, responses={201: PartnerUserSerializer})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def invite(self, request, slug=None):
        """Invite a user of this partner (ASEC): the account is created without a password and
        an e-mail carries a one-time link that sets it."""
        partner = self.get_object()
        body = PartnerInvitationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = partner_user_invite(actor=request.user, partner=partner, **body.validated_data)
        return Response(PartnerUserSerializer(user).data, status=status.HTTP_201_CREATED)

    def save_update(self, partner, data, version):
        return services.partner_update(
            partner=partner, actor=self.request.user, version=version, **data
        )

    @extend_schema(
        parameters=[RecommendationQuerySerializer],
        responses=OpportunityMatchSerializer(many=True),
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def recommendations(self, request, slug=None):
        """Open opportunities ranked for this partner, each with its score and the reasons
        (for the partner's own users and ASEC)."""
        matches = opportunities_for_partner(self.get_object(), limit=recommendation_limit(request))
        attach_codes([match.obj for match in matches], OpportunityViewSet.attached_codes)
        return Response(OpportunityMatchSerializer(matches, many=True).data)


# --- Twinnings ----------------------------------------------------------------------------------


class TwinningSerializer(PortalSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    country = serializers.CharField(source="city.country.code", read_only=True)
    partner = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partner.objects.all(), allow_null=True, required=False
    )
    focus_areas = _codes(FocusArea, required=False)
    # Set for a twinning between two ASCN cities (recorded from an accepted connection).
    counterpart_ascn_city = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Twinning
        fields = [
            "id",
            "city",
            "country",
            "counterpart_city",
            "counterpart_country",
            "counterpart_ascn_city",
            "partner",
            "start_year",
            "status",
            "focus_areas",
            "description",
        ]
        extra_kwargs = {"start_year": {"min_value": 1900, "max_value": 2100}}


class TwinningFilter(PortalFilterSet):
    city = CitySlugFilter()
    country = CountryFilter(field_name="city__country__code")
    counterpart_country = filters.CharFilter(lookup_expr="iexact", max_length=2)
    partner = filters.CharFilter(field_name="partner__slug", max_length=80)
    status = filters.ChoiceFilter(choices=Twinning.Status.choices)
    focus_area = FocusAreaFilter()
    year = YearFilter(field_name="start_year", help_text="Started in this year.")
    within_asean = BooleanFilter(
        field_name="counterpart_ascn_city",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: between two ASCN cities; false: with a city outside ASEAN.",
    )

    class Meta:
        model = Twinning
        fields = ["city", "country", "counterpart_country", "partner", "status", "focus_area"]


def _manages_twinnings(user, twinning=None) -> bool:
    return policy.can_manage_twinnings(user)


class TwinningViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyPortalViewSet):
    """ASCN cities paired with cities outside ASEAN; ASEC records them."""

    serializer_class = TwinningSerializer
    lookup_value_regex = r"\d+"
    filterset_class = TwinningFilter
    search_fields = ["counterpart_city", "description", "city__name"]
    ordering_fields = ["start_year", "counterpart_city", "city__name"]
    attached_codes = ("focus_areas",)
    policy_rules = {
        "create": _manages_twinnings,
        "update": _manages_twinnings,
        "partial_update": _manages_twinnings,
    }

    def get_queryset(self):
        return policy.visible_twinnings(self.request.user).select_related(
            "city__country", "partner"
        )

    def create(self, request, *args, **kwargs):
        twinning = services.twinning_create(actor=request.user, **self.validated_data())
        return self.respond_with(twinning, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        twinning = self.get_object()
        data = self.validated_data(twinning, partial=partial)
        return self.respond_with(
            services.twinning_update(twinning=twinning, actor=request.user, **data)
        )


# --- Interests ----------------------------------------------------------------------------------


class InterestSerializer(PortalSerializer):
    scoped_fields = {"opportunity": policy.visible_opportunities}
    create_only_fields = ("opportunity",)

    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    city = serializers.CharField(source="opportunity.city.slug", read_only=True)

    class Meta:
        model = Interest
        fields = [
            "id",
            "opportunity",
            "city",
            "partner",
            "message",
            "status",
            "created_at",
            "decided_at",
        ]
        read_only_fields = ["status", "created_at", "decided_at"]


class InterestAnswerSerializer(StrictSerializer):
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limits.MESSAGE,
        default="",
        help_text="A word to the partner, sent with the answer.",
    )


class InterestFilter(PortalFilterSet):
    opportunity = IdFilter(field_name="opportunity")
    partner = filters.CharFilter(field_name="partner__slug", max_length=80)
    city = CitySlugFilter(field_name="opportunity__city__slug")
    country = CountryFilter(field_name="opportunity__city__country__code")
    status = filters.ChoiceFilter(choices=Interest.Status.choices)
    year = YearFilter(field_name="created_at__year", help_text="Expressed in this year.")

    class Meta:
        model = Interest
        fields = ["opportunity", "partner", "city", "country", "status", "year"]


def _speaks_for_their_partner(user) -> bool:
    """Before the body is read: what the service asks, for the partner the user speaks for."""
    return policy.can_act_for_partner(user, getattr(user, "partner", None))


class InterestViewSet(mixins.CreateModelMixin, ReadOnlyPortalViewSet):
    """Expressions of interest: a partner sees its own, a city those on its opportunities.

    Partner users express interest (`POST /api/interests/`) and may withdraw a pending one; the
    opportunity's city accepts or declines it."""

    serializer_class = InterestSerializer
    lookup_value_regex = r"\d+"
    filterset_class = InterestFilter
    search_fields = ["message", "opportunity__title", "partner__name"]
    ordering_fields = ["created_at", "decided_at", "status"]
    policy_rules = {
        "create": _speaks_for_their_partner,
        "accept": policy.can_decide_interest,
        "decline": policy.can_decide_interest,
        "withdraw": policy.can_withdraw_interest,
    }

    def get_queryset(self):
        return policy.visible_interests(self.request.user).select_related(
            "partner", "opportunity__city"
        )

    def create(self, request, *args, **kwargs):
        data = self.validated_data()
        interest = services.interest_create(
            opportunity=data["opportunity"],
            partner=request.user.partner,
            message=data["message"],
            actor=request.user,
        )
        return self.respond_with(interest, status.HTTP_201_CREATED)

    def _decide(self, service):
        interest = self.get_object()
        body = InterestAnswerSerializer(data=self.request.data)
        body.is_valid(raise_exception=True)
        message = body.validated_data["message"]
        return self.respond_with(
            service(interest=interest, actor=self.request.user, message=message)
        )

    @extend_schema(request=InterestAnswerSerializer, responses=InterestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The city accepts: a partnership on its project, and the opportunity is matched."""
        return self._decide(services.interest_accept)

    @extend_schema(request=InterestAnswerSerializer, responses=InterestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(services.interest_decline)

    @extend_schema(request=None, responses=InterestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The partner takes back a pending interest."""
        interest = services.interest_withdraw(interest=self.get_object(), actor=request.user)
        return self.respond_with(interest)
