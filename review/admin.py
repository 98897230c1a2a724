"""The review's records in the admin, to look up and never to change: flags, queries and their
messages, snapshots and their amendments are written only by the review's services (the one
write path: answers, resolutions, cycle closing and amendments keep their history and their
checks there)."""

from django.contrib import admin

from review.models import Amendment, Flag, Query, QueryMessage, Snapshot


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ("city", "year", "project", "rule", "raised_at", "answered_at")
    list_filter = ("rule", "year", "city__country")
    search_fields = ("city__name", "project__title", "answer")
    list_select_related = ("city", "project")
    date_hierarchy = "raised_at"


class QueryMessageInline(ReadOnlyInline):
    model = QueryMessage
    fields = ("author", "written_at", "text")
    readonly_fields = fields


@admin.register(Query)
class QueryAdmin(ReadOnlyAdmin):
    list_display = ("city", "year", "object_type", "status", "opened_by", "opened_at")
    list_filter = ("status", "object_type", "year", "city__country")
    search_fields = ("city__name", "messages__text")
    list_select_related = ("city", "opened_by")
    inlines = [QueryMessageInline]


class AmendmentInline(ReadOnlyInline):
    model = Amendment
    fields = ("project_key", "field", "before", "after", "reason", "actor", "made_at")
    readonly_fields = fields


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "city", "frozen_at")
    list_filter = ("cycle",)
    search_fields = ("city__name",)
    list_select_related = ("cycle", "city")
    exclude = ("data",)  # the frozen year as JSON: read it on the review pages or the API
    inlines = [AmendmentInline]
