"""The admin of time: plan periods, the ASCAP structure, reporting cycles, submissions and
close-outs. Their rows change only through the services (the same as the portal's pages and the
API), so the admin shows them and offers actions; each action asks the policy first and reports
what the service refused."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from action_plans.models import (
    AscapItem,
    PeriodCloseOut,
    PlanPeriod,
    ReportingCycle,
    Submission,
    SubmissionEvent,
)
from action_plans.services import cycles, periods
from core import policy
from core.admin import ServicesOnlyAdmin, ServicesOnlyInline


def run_service(modeladmin, request, queryset, service, done: str) -> None:
    """Call `service` on each selected row; one message for what was done, one per refusal."""
    succeeded = 0
    for obj in queryset:
        try:
            service(obj)
        except (PermissionDenied, ValidationError) as error:
            reason = " ".join(getattr(error, "messages", None) or [str(error)])
            modeladmin.message_user(request, f"{obj}: {reason}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, done % {"count": succeeded}, messages.SUCCESS)


@admin.register(PlanPeriod)
class PlanPeriodAdmin(ServicesOnlyAdmin):
    list_display = ("code", "name", "start_year", "end_year", "status", "started_at")
    actions = ["start"]

    def has_manage_permission(self, request) -> bool:
        return policy.can_manage_periods(request.user)

    @admin.action(
        description=_lazy("Start the period (draft plans carried over)"), permissions=["manage"]
    )
    def start(self, request, queryset):
        def start_one(period):
            periods.period_start(period=period, actor=request.user)

        run_service(self, request, queryset, start_one, _("Periods started: %(count)s."))


@admin.register(AscapItem)
class AscapItemAdmin(ServicesOnlyAdmin):
    """Kept on the portal's ASCAP page (/ascap/), where ASEC adds and edits the items."""

    list_display = ("code", "kind", "title", "parent", "position")
    list_filter = ("kind",)
    search_fields = ("code", "title")
    list_select_related = ("parent",)


class SubmissionInline(ServicesOnlyInline):
    model = Submission
    fields = ("city", "status", "submitted_at", "accepted_at", "reopened")


@admin.register(ReportingCycle)
class ReportingCycleAdmin(ServicesOnlyAdmin):
    list_display = ("year", "status", "opens_on", "deadline", "as_of", "opened_at", "closed_at")
    list_filter = ("status",)
    inlines = [SubmissionInline]
    actions = ["open_cycles", "close_cycles", "close_cycles_confirmed"]

    def has_manage_permission(self, request) -> bool:
        return policy.can_manage_cycles(request.user)

    @admin.action(description=_lazy("Open for reporting"), permissions=["manage"])
    def open_cycles(self, request, queryset):
        def open_one(cycle):
            cycles.cycle_open(cycle=cycle, actor=request.user)

        run_service(self, request, queryset, open_one, _("Cycles opened: %(count)s."))

    @admin.action(
        description=_lazy("Close (refused while submissions are open)"), permissions=["manage"]
    )
    def close_cycles(self, request, queryset):
        def close_one(cycle):
            cycles.cycle_close(cycle=cycle, actor=request.user)

        run_service(self, request, queryset, close_one, _("Cycles closed: %(count)s."))

    @admin.action(
        description=_lazy("Close, even with submissions still open"), permissions=["manage"]
    )
    def close_cycles_confirmed(self, request, queryset):
        def close_one(cycle):
            cycles.cycle_close(cycle=cycle, actor=request.user, confirm=True)

        run_service(self, request, queryset, close_one, _("Cycles closed: %(count)s."))


class SubmissionEventInline(ServicesOnlyInline):
    model = SubmissionEvent
    fields = ("created_at", "action", "actor", "comment", "reminder", "recipients")


@admin.register(Submission)
class SubmissionAdmin(ServicesOnlyAdmin):
    list_display = ("city", "year", "status", "submitted_at", "accepted_at", "reopened")
    list_filter = ("cycle__year", "status", "city__country")
    search_fields = ("city__name",)
    list_select_related = ("city", "cycle")
    inlines = [SubmissionEventInline]
    actions = ["accept"]

    def get_queryset(self, request):
        return super().get_queryset(request) & policy.visible_submissions(request.user)

    @admin.display(description=_lazy("year"), ordering="cycle__year")
    def year(self, obj):
        return obj.cycle.year

    @admin.action(description=_lazy("Accept the submitted reports"))
    def accept(self, request, queryset):
        def accept_one(submission):
            if not policy.can_review_submission(request.user, submission):
                raise PermissionDenied(_("You may not do this."))
            cycles.submission_accept(submission=submission, actor=request.user)

        run_service(self, request, queryset, accept_one, _("Reports accepted: %(count)s."))


@admin.register(PeriodCloseOut)
class PeriodCloseOutAdmin(ServicesOnlyAdmin):
    """Frozen when the period closed: shown, never changed."""

    list_display = ("city", "period", "plan", "closed_at")
    list_filter = ("period", "city__country")
    list_select_related = ("city", "period", "plan__city", "plan__period")
