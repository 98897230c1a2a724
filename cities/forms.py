from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans.models import FocusArea
from cities.models import Country
from core.widgets import FastSelect

PILOT_CHOICES = [
    ("", _("All members")),
    ("true", _("Pilot cities (2018)")),
    ("false", _("Later members")),
]


class CityFilterForm(forms.Form):
    """The city list's filters, read from the query string so that a filtered list has a URL."""

    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All countries"),
        widget=FastSelect,
    )
    pilot = forms.TypedChoiceField(
        label=_("Membership"),
        choices=PILOT_CHOICES,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        widget=FastSelect,
    )
    focus_area = forms.ModelChoiceField(
        label=_("Projects in focus area"),
        queryset=FocusArea.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Any focus area"),
        widget=FastSelect,
    )

    def filters(self) -> dict:
        """The filters that are valid; a bad value is reported and that filter left out."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}
