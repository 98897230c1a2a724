"""Filters the API's collections share: the domain's words (`country` is an ISO code, `city` a
slug, `focus_area` a code), bounded so that no query string can reach the database as an
out-of-range number."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters as drf_filters
from rest_framework import serializers

YEAR_MIN, YEAR_MAX = 1900, 2100


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1})
class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


# The schema states each limit, so clients (and schemathesis) know a longer value is a 400.
@extend_schema_field({"type": "string", "maxLength": 2})
class CountryFilter(filters.CharFilter):
    def __init__(self, field_name="country__code", **kwargs):
        kwargs.setdefault("lookup_expr", "iexact")
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 code of the country, e.g. VN.")
        super().__init__(field_name=field_name, **kwargs)


@extend_schema_field({"type": "string", "maxLength": 80})
class CitySlugFilter(filters.CharFilter):
    def __init__(self, field_name="city__slug", **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("help_text", "Slug of the city, e.g. da-nang.")
        super().__init__(field_name=field_name, **kwargs)


@extend_schema_field({"type": "string", "maxLength": 40})
class FocusAreaFilter(filters.CharFilter):
    def __init__(self, field_name="focus_areas__code", **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", "Code of an ASCF focus area, e.g. built-infrastructure.")
        super().__init__(field_name=field_name, **kwargs)


class _StrictBooleanField(forms.NullBooleanField):
    def to_python(self, value):
        if value in (None, ""):
            return None
        answer = {"true": True, "1": True, "false": False, "0": False}.get(str(value).lower())
        if answer is None:
            raise ValidationError(_("Use true or false."), code="invalid")
        return answer


class BooleanFilter(filters.BooleanFilter):
    """true/false (or 1/0); anything else is a 400 rather than silently no filter at all."""

    field_class = _StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class PortalFilterSet(filters.FilterSet):
    """Base of the API's filter sets: model booleans filter strictly too."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": BooleanFilter},
    }

    def get_form_class(self):
        """django-filter builds a form class (and a form field per filter) for every request;
        no filter of the API has choices that depend on the request (no model choice filters),
        so one class per filter set serves them all (each form still copies its fields)."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, which skips its filter set (copied filters, a bound form,
    validation) when the query string names none of the filters: with nothing to read, the
    form could only find every filter empty, and the list is the queryset as it is."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not _names_a_filter(
            request.query_params, filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params, names) -> bool:
    # A filter drawn with several inputs (a range) reads `<name>_<suffix>` parameters.
    return any(param == name or param.startswith(f"{name}_") for param in params for name in names)


class SearchFilter(drf_filters.SearchFilter):
    """DRF's search, whose refusals (a null character) name the `search` parameter like every
    other 400 of the API, instead of being a bare list."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict):
                raise
            raise serializers.ValidationError({self.search_param: error.detail}) from None


class PortalOrderingFilter(drf_filters.OrderingFilter):
    """`?ordering=` with the names clients know: a view's `ordering_aliases` maps a public name
    onto what the rows are really ordered by (a plan's `status` onto the status its reader sees,
    so that the order reveals no revision in progress)."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        aliases = getattr(view, "ordering_aliases", {})
        return [self._alias(term, aliases) for term in ordering or []] or ordering

    def get_valid_fields(self, queryset, view, context=None):
        fields = super().get_valid_fields(queryset, view, context or {})
        aliases = getattr(view, "ordering_aliases", {})
        return fields + [(alias, alias) for alias in aliases]

    @staticmethod
    def _alias(term: str, aliases: dict) -> str:
        descending = term.startswith("-")
        name = aliases.get(term.lstrip("-"), term.lstrip("-"))
        return f"-{name}" if descending else name
