from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ascn_portal.models import DemoContent

admin.site.site_header = _("ASCN Portal administration")
admin.site.site_title = _("ASCN Portal")


@admin.register(DemoContent)
class DemoContentAdmin(admin.ModelAdmin):
    list_display = ("loaded_at", "scale")
