from django.contrib import admin

from partners.models import Interest, Opportunity, Partner, Partnership, SupportType, Twinning


@admin.register(SupportType)
class SupportTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "position")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "website")
    list_filter = ("kind", "country", "support_offered", "focus_areas")
    search_fields = ("name", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("focus_areas", "support_offered")
    readonly_fields = ("version",)


@admin.register(Twinning)
class TwinningAdmin(admin.ModelAdmin):
    list_display = (
        "city",
        "counterpart_city",
        "counterpart_country",
        "partner",
        "start_year",
        "status",
    )
    list_filter = ("status", "counterpart_country", "city__country")
    search_fields = ("city__name", "counterpart_city", "description")
    list_select_related = ("city", "partner")
    filter_horizontal = ("focus_areas",)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "status", "closing_date", "created_at")
    list_filter = ("status", "focus_areas", "support_sought", "city__country")
    search_fields = ("title", "description", "city__name")
    list_select_related = ("city",)
    filter_horizontal = ("focus_areas", "support_sought")
    readonly_fields = ("version",)


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("partner", "opportunity", "status", "created_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("partner__name", "opportunity__title", "message")
    list_select_related = ("partner", "opportunity")


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("partner", "project", "start_year", "created_at")
    search_fields = ("partner__name", "project__title")
    list_select_related = ("partner", "project")
