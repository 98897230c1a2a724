from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "get_full_name",
        "email",
        "role",
        "city",
        "country",
        "partner",
        "is_active",
    )
    list_filter = ("role", "is_active", "is_staff", "country")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("city", "country", "partner")
    autocomplete_fields = ("city", "country", "partner")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("ASCN role"), {"fields": ("role", "city", "country", "partner", "language")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("ASCN role"), {"fields": ("role", "city", "country", "partner")}),
    )
