"""API of time (SPEC "Time", issue 14 point 8; the names are a contract): plan periods and their
start, reporting cycles with their opening and closing, and the cities' yearly submissions."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from action_plans.models import PlanPeriod, ReportingCycle, Submission, SubmissionStatus
from action_plans.services import cycles, periods
from core import policy
from core.api.base import CommentSerializer, ReadOnlyPortalViewSet, StrictSerializer
from core.api.filters import CitySlugFilter, PortalFilterSet, YearFilter

# --- Plan periods ------------------------------------------------------------------------------


class PlanPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanPeriod
        fields = ["code", "name", "start_year", "end_year", "status"]


class PlanPeriodViewSet(ReadOnlyPortalViewSet):
    """The plan periods (public). ASEC starts the next one: the previous closes (each city's
    close-out frozen) and each member city gets a draft plan carried over from its previous one."""

    serializer_class = PlanPeriodSerializer
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    policy_rules = {"start": lambda user, period: policy.can_manage_periods(user)}

    def get_queryset(self):
        return PlanPeriod.objects.order_by("start_year")

    @extend_schema(request=None, responses=PlanPeriodSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, code=None):
        result = periods.period_start(period=self.get_object(), actor=request.user)
        data = self.get_serializer(self.get_queryset().get(code=code)).data
        return Response({**data, "carried_over": vars(result)}, status=status.HTTP_200_OK)


# --- Reporting cycles --------------------------------------------------------------------------


def cycles_with_counts():
    counts = {
        value: Count("submissions", filter=Q(submissions__status=value))
        for value in SubmissionStatus.values
    }
    return ReportingCycle.objects.annotate(**{f"n_{key}": n for key, n in counts.items()})


class ReportingCycleSerializer(serializers.ModelSerializer):
    submissions = serializers.SerializerMethodField(
        help_text=_("How many member cities' submissions are in each status.")
    )

    class Meta:
        model = ReportingCycle
        fields = ["year", "status", "opens_on", "deadline", "as_of", "submissions"]

    def get_submissions(self, cycle) -> dict[str, int]:
        return {value: getattr(cycle, f"n_{value}", 0) for value in SubmissionStatus.values}


class CycleCreateSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    opens_on = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    as_of = serializers.DateField(required=False, allow_null=True)


class CycleCloseSerializer(StrictSerializer):
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Close even though some submissions are still open."),
    )


class ReportingCycleFilter(PortalFilterSet):
    status = filters.ChoiceFilter(choices=ReportingCycle._meta.get_field("status").choices)

    class Meta:
        model = ReportingCycle
        fields = ["status"]


def _manage(user, cycle=None) -> bool:
    return policy.can_manage_cycles(user)


class ReportingCycleViewSet(mixins.CreateModelMixin, ReadOnlyPortalViewSet):
    """One reporting cycle per year (public). ASEC creates, opens and closes them; closing a cycle
    whose submissions are still open answers 409 with the list unless `confirm` is true."""

    serializer_class = ReportingCycleSerializer
    filterset_class = ReportingCycleFilter
    lookup_field = "year"
    lookup_value_regex = r"\d{1,4}"
    policy_rules = {"create": _manage, "open": _manage, "close": _manage}

    def get_queryset(self):
        return cycles_with_counts().order_by("-year")

    @extend_schema(request=CycleCreateSerializer, responses=ReportingCycleSerializer)
    def create(self, request, *args, **kwargs):
        body = CycleCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cycle = cycles.cycle_create(actor=request.user, **body.validated_data)
        return self._respond(cycle, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReportingCycleSerializer)
    @action(detail=True, methods=["post"], url_path="open", url_name="open")
    def open(self, request, year=None):
        return self._respond(cycles.cycle_open(cycle=self.get_object(), actor=request.user))

    @extend_schema(request=CycleCloseSerializer, responses=ReportingCycleSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, year=None):
        body = CycleCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            cycle = cycles.cycle_close(
                cycle=self.get_object(), actor=request.user, **body.validated_data
            )
        except cycles.OpenSubmissions as waiting:
            return Response(_open_submissions(waiting), status=status.HTTP_409_CONFLICT)
        return self._respond(cycle)

    def _respond(self, cycle, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=cycle.pk)).data, code)


def _open_submissions(waiting: "cycles.OpenSubmissions") -> dict:
    return {
        "detail": _("Some submissions are still open; send confirm: true to close anyway."),
        "open_submissions": [
            {"id": s.pk, "city": s.city.slug, "status": s.status} for s in waiting.submissions
        ],
    }


# --- Submissions -------------------------------------------------------------------------------


class SubmissionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="cycle.year", read_only=True)
    city = serializers.CharField(source="city.slug", read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "year", "city", "status", "submitted_at", "accepted_at", "reopened"]
        read_only_fields = fields


class SubmissionFilter(PortalFilterSet):
    year = YearFilter(field_name="cycle__year")
    city = CitySlugFilter()
    status = filters.ChoiceFilter(choices=SubmissionStatus.choices)

    class Meta:
        model = Submission
        fields = ["year", "city", "status"]


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000)


class SubmissionViewSet(ReadOnlyPortalViewSet):
    """Each member city's report for a year: its own users, its country's national
    representative and ASEC see it. The CSCO submits; ASEC accepts or returns it (with a comment)
    and may reopen it for a city after the deadline (with a reason)."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    lookup_value_regex = r"\d+"
    ordering = ["-cycle__year", "city__name"]
    policy_rules = {
        "submit": policy.can_submit_report,
        "accept": policy.can_review_submission,
        "return_": policy.can_review_submission,
        "reopen": policy.can_reopen_submission,
    }

    def get_queryset(self):
        return (
            policy.visible_submissions(self.request.user)
            .select_related("cycle", "city")
            .order_by("-cycle__year", "city__name", "pk")
        )

    def _step(self, service):
        body = CommentSerializer(data=self.request.data)
        body.is_valid(raise_exception=True)
        submission = service(
            submission=self.get_object(),
            actor=self.request.user,
            comment=body.validated_data["comment"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=submission.pk)).data)

    @extend_schema(request=CommentSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The city's CSCO hands in the year's report."""
        return self._step(cycles.submission_submit)

    @extend_schema(request=CommentSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(cycles.submission_accept)

    @extend_schema(request=CommentSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """ASEC returns the report to the city; the comment says what to change."""
        return self._step(cycles.submission_return)

    @extend_schema(request=ReasonSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """ASEC lets the city report after the deadline; the reason is logged."""
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        submission = cycles.submission_reopen(
            submission=self.get_object(), actor=request.user, **body.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=submission.pk)).data)
