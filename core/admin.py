"""The admin's bases for rows that only their services write (the one write path): shown, never
added, changed or deleted in the admin; actions, where a model has them, call the services."""

from django.contrib import admin


class ServicesOnlyAdmin(admin.ModelAdmin):
    """Read-only in the admin: the rows are written by their services, through the actions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServicesOnlyInline(admin.TabularInline):
    """A read-only inline of such rows: every field shown, none editable."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
