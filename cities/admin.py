from django.contrib import admin

from cities.models import Appointment, AseanChair, City, Country, ShepherdTerm


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "asean_member_since")
    search_fields = ("code", "name")
    ordering = ("name",)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "local_name", "country", "is_capital", "joined_year", "population")
    list_filter = ("country", "is_capital", "joined_year")
    search_fields = ("name", "local_name", "slug")
    list_select_related = ("country",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AseanChair)
class AseanChairAdmin(admin.ModelAdmin):
    list_display = ("year", "country")
    list_select_related = ("country",)


@admin.register(ShepherdTerm)
class ShepherdTermAdmin(admin.ModelAdmin):
    list_display = ("start_date", "country", "kind", "source")
    list_select_related = ("country",)


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("person_name", "kind", "city", "country", "start_date", "end_date", "user")
    list_filter = ("kind", "country", ("end_date", admin.EmptyFieldListFilter))
    search_fields = ("person_name", "title", "email", "city__name")
    list_select_related = ("city", "country", "user")
    autocomplete_fields = ("city", "country", "user")
