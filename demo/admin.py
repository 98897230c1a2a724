from django.contrib import admin

from demo.models import DemoContent


@admin.register(DemoContent)
class DemoContentAdmin(admin.ModelAdmin):
    list_display = ("loaded_at", "scale")
