from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from action_plans.models import (
    ActionPlan,
    Evidence,
    FocusArea,
    FrameworkComponent,
    GesiGroup,
    Indicator,
    IndicatorValue,
    Milestone,
    PlanPublication,
    PlanTransition,
    ProgressUpdate,
    Project,
    StrategicOutcome,
)


@admin.register(StrategicOutcome, FocusArea, FrameworkComponent)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "position")
    search_fields = ("code", "name")


@admin.register(GesiGroup)
class GesiGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "position")


class PlanTransitionInline(admin.TabularInline):
    model = PlanTransition
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "actor", "comment", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ("city", "period", "status", "revision", "updated_at")
    list_filter = ("status", "city__country", "period")
    search_fields = ("city__name", "vision")
    list_select_related = ("city", "period")
    readonly_fields = ("status", "revision", "version")
    inlines = [PlanTransitionInline]


@admin.register(PlanPublication)
class PlanPublicationAdmin(admin.ModelAdmin):
    list_display = ("plan", "revision", "published_at", "published_by")
    list_select_related = ("plan__city", "published_by")
    readonly_fields = ("plan", "revision", "published_at", "published_by", "snapshot")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    exclude = ("version",)


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "city_name",
        "stage",
        "funding_model",
        "budget_usd",
        "seeking_partners",
    )
    list_filter = (
        "stage",
        "funding_model",
        "seeking_partners",
        "focus_areas",
        "plan__city__country",
    )
    search_fields = ("title", "summary", "plan__city__name", "lead_agency")
    list_select_related = ("plan__city",)
    filter_horizontal = ("focus_areas", "outcomes", "gesi_groups")
    readonly_fields = ("version",)
    inlines = [MilestoneInline]

    @admin.display(description=_("City"), ordering="plan__city__name")
    def city_name(self, obj):
        return obj.plan.city.name


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "project", "unit", "baseline_value", "target_value", "target_year")
    search_fields = ("name", "project__title")
    list_select_related = ("project",)
    readonly_fields = ("version",)
    inlines = [IndicatorValueInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("title", "project", "due_date", "done_date")
    list_filter = (("done_date", admin.EmptyFieldListFilter),)
    search_fields = ("title", "project__title")
    list_select_related = ("project",)
    readonly_fields = ("version",)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ("project", "year", "percent_complete", "status", "submitted_by", "submitted_at")
    list_filter = ("year", "status", "project__plan__city__country")
    search_fields = ("project__title", "narrative")
    list_select_related = ("project", "submitted_by")
    readonly_fields = ("version",)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "update", "content_type", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("update__project", "uploaded_by")
    search_fields = ("original_name",)


from action_plans import admin_time  # noqa: E402, F401 — the admin of time, in its own module
