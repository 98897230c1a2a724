from django.contrib import admin

from reports.models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = (
        "year",
        "status",
        "progress",
        "stage",
        "requested_by",
        "created_at",
        "finished_at",
        "published",
    )
    list_filter = ("status", "published", "year")
    search_fields = ("year", "error")
    list_select_related = ("requested_by",)
    readonly_fields = (
        "status",
        "progress",
        "stage",
        "data_hash",
        "error",
        "started_at",
        "finished_at",
    )
