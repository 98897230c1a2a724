from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans.models import FocusArea
from cities.models import Appointment, AppointmentProposal, City, Country
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The options as (code, name) rows from the fields' own querysets (same order): a model
        # per country and focus area, built only for its name, cost more than the query.
        for name in ("country", "focus_area"):
            field = self.fields[name]
            field.choices = [("", field.empty_label), *field.queryset.values_list("code", "name")]

    def filters(self) -> dict:
        """The filters that are valid; a bad value is reported and that filter left out."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class DateInput(forms.DateInput):
    input_type = "date"


class AppointmentForm(forms.ModelForm):
    """ASEC records a term, or corrects one (then the end date may be set too)."""

    class Meta:
        model = Appointment
        fields = [
            "kind",
            "country",
            "city",
            "person_name",
            "title",
            "email",
            "phone",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.select_related("country").order_by("name")
        self.fields["city"].help_text = _("For a Chief Smart City Officer only.")

    def _post_clean(self):
        """Validation is the service's (it names the field at fault); keep the model's own
        checks from running twice."""


class EndTermForm(forms.Form):
    end_date = forms.DateField(label=_("Last day of the term"), widget=DateInput())
    note = forms.CharField(
        label=_("Note for ASEC (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProposalForm(forms.ModelForm):
    """A national representative proposes a new appointment in their country."""

    class Meta:
        model = AppointmentProposal
        fields = ["kind", "city", "person_name", "title", "email", "phone", "start_date", "note"]
        widgets = {"start_date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(country=country).order_by("name")
        self.fields["city"].help_text = _("For a Chief Smart City Officer only.")
        self.fields["person_name"].required = True
        self.fields["start_date"].required = True

    def _post_clean(self):
        """The service validates (see AppointmentForm)."""
