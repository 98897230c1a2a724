from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans import calendar
from action_plans.models import FocusArea, FrameworkComponent, GesiGroup, Stage
from cities.models import Country
from reports.selectors import Scope


class DashboardFilterForm(forms.Form):
    """Dashboard filters, read from the URL so that a view can be shared."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    country = forms.ChoiceField(label=_("Country"), required=False)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    gesi_group = forms.ChoiceField(label=_("GESI group"), required=False)
    component = forms.ChoiceField(label=_("Enabler or urban system"), required=False)

    def __init__(self, data=None, *, fixed: dict | None = None, **kwargs):
        self.fixed = fixed or {}
        data = data.copy() if data is not None else {}
        self.default_year = calendar.reporting_year()
        data.setdefault("year", str(self.default_year))
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(y, y) for y in reversed(calendar.report_years())]
        self.fields["country"].choices = [("", _("All countries"))] + list(
            Country.objects.order_by("name").values_list("code", "name")
        )
        self.fields["focus_area"].choices = [("", _("All focus areas"))] + list(
            FocusArea.objects.order_by("position").values_list("code", "name")
        )
        self.fields["gesi_group"].choices = [("", _("All groups"))] + list(
            GesiGroup.objects.order_by("position").values_list("code", "name")
        )
        self.fields["component"].choices = [("", _("All enablers and urban systems"))] + list(
            FrameworkComponent.objects.order_by("kind", "position").values_list("code", "name")
        )
        for name in self.fixed:
            self.fields.pop(name, None)

    def scope(self, **overrides) -> Scope:
        """The scope asked for; an invalid value falls back to its default (errors are shown)."""
        self.is_valid()
        values = {
            name: self.cleaned_data.get(name) or None
            for name in ("country", "focus_area", "stage", "gesi_group", "component")
            if name in self.fields
        }
        values.update(self.fixed)
        values.update(overrides)
        year = self.cleaned_data.get("year") or self.default_year
        return Scope(year=year, **values)
