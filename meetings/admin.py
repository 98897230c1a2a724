from django.contrib import admin

from meetings.models import AgendaItem, Decision, Document, Meeting, Participation


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("city", "country", "partner")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "number", "start_date", "host_country", "format")
    list_filter = ("kind", "format", "host_country")
    search_fields = ("title", "theme", "summary")
    list_select_related = ("host_country", "host_city")
    date_hierarchy = "start_date"
    inlines = [AgendaItemInline, ParticipationInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date", "meeting", "adopted")
    list_filter = ("kind", "adopted")
    search_fields = ("title",)
    list_select_related = ("meeting",)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "meeting", "owner", "due_date", "status")
    list_filter = ("status", "owner_is_asec", "owner_country")
    search_fields = ("text", "follow_up")
    list_select_related = ("meeting", "owner_city", "owner_country")
