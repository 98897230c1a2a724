"""The review's records in the admin, to look up and never to change: flags, queries and their
messages, snapshots and their amendments are written only by the review's services (the one
write path: answers, resolutions, cycle closing and amendments keep their history and their
checks there). Flags and queries are listed as the policy lets the user see them."""

from django.contrib import admin

from core import policy
from core.admin import ServicesOnlyAdmin, ServicesOnlyInline
from review.models import Amendment, Flag, Query, QueryMessage, Snapshot


@admin.register(Flag)
class FlagAdmin(ServicesOnlyAdmin):
    list_display = ("city", "year", "project", "rule", "raised_at", "answered_at")
    list_filter = ("rule", "year", "city__country")
    search_fields = ("city__name", "project__title", "answer")
    list_select_related = ("city", "project")
    date_hierarchy = "raised_at"

    def get_queryset(self, request):
        return super().get_queryset(request) & policy.visible_flags(request.user)


class QueryMessageInline(ServicesOnlyInline):
    model = QueryMessage
    fields = ("author", "written_at", "text")


@admin.register(Query)
class QueryAdmin(ServicesOnlyAdmin):
    list_display = ("city", "year", "object_type", "status", "opened_by", "opened_at")
    list_filter = ("status", "object_type", "year", "city__country")
    search_fields = ("city__name", "messages__text")
    list_select_related = ("city", "opened_by")
    inlines = [QueryMessageInline]

    def get_queryset(self, request):
        return super().get_queryset(request) & policy.visible_queries(request.user)


class AmendmentInline(ServicesOnlyInline):
    model = Amendment
    fields = ("project_key", "field", "before", "after", "reason", "actor", "made_at")


@admin.register(Snapshot)
class SnapshotAdmin(ServicesOnlyAdmin):
    list_display = ("cycle", "city", "frozen_at")
    list_filter = ("cycle",)
    search_fields = ("city__name",)
    list_select_related = ("cycle", "city")
    exclude = ("data",)  # the frozen year as JSON: read it on the review pages or the API
    inlines = [AmendmentInline]
