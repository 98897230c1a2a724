from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from action_plans.models import FocusArea, GesiGroup, Stage
from cities.models import Country
from reports.selectors import FIRST_YEAR, Scope


class DashboardFilterForm(forms.Form):
    """Dashboard filters, read from the URL so that a view can be shared."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    country = forms.ChoiceField(label=_("Country"), required=False)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    gesi_group = forms.ChoiceField(label=_("GESI group"), required=False)

    def __init__(self, data=None, *, fixed: dict | None = None, **kwargs):
        self.fixed = fixed or {}
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(settings.REPORTING_YEAR))
        super().__init__(data, **kwargs)
        last_year = max(settings.REPORTING_YEAR, FIRST_YEAR)
        self.fields["year"].choices = [(y, y) for y in range(last_year, FIRST_YEAR - 1, -1)]
        self.fields["country"].choices = [("", _("All countries"))] + list(
            Country.objects.order_by("name").values_list("code", "name")
        )
        self.fields["focus_area"].choices = [("", _("All focus areas"))] + list(
            FocusArea.objects.order_by("position").values_list("code", "name")
        )
        self.fields["gesi_group"].choices = [("", _("All groups"))] + list(
            GesiGroup.objects.order_by("position").values_list("code", "name")
        )
        for name in self.fixed:
            self.fields.pop(name, None)

    def scope(self, **overrides) -> Scope:
        """The scope asked for; an invalid value falls back to its default (errors are shown)."""
        self.is_valid()
        values = {
            name: self.cleaned_data.get(name) or None
            for name in ("country", "focus_area", "stage", "gesi_group")
            if name in self.fields
        }
        values.update(self.fixed)
        values.update(overrides)
        year = self.cleaned_data.get("year") or settings.REPORTING_YEAR
        return Scope(year=year, **values)
