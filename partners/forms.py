from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from action_plans.models import FocusArea, Project
from cities.models import City, Country
from core import text_limits
from core.conflicts import ConflictFormMixin
from core.widgets import Options
from partners.countries import country_choices
from partners.models import (
    Interest,
    Opportunity,
    Partner,
    ProviderApplication,
    SupportType,
    Twinning,
)
from partners.services import ASEAN_CODES


def _checkboxes(queryset, label, *, required=False):
    return forms.ModelMultipleChoiceField(
        queryset=queryset,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        required=required,
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Filters (GET) ----------------------------------------------------------------------------
# Plain choices read with one values query each: a select of every city (hundreds at scale)
# then costs next to nothing, unlike model choices.


VOCABULARIES = {"focus_area": FocusArea, "support": SupportType}


def _vocabulary_choices(**empty_labels) -> dict[str, list[tuple[str, str]]]:
    """The choices of each vocabulary named (a field of VOCABULARIES) after its empty label,
    read for all in one query (a UNION: a round trip fewer a page, issue 21)."""
    choices = {name: [("", label)] for name, label in empty_labels.items()}
    reads = [
        VOCABULARIES[name]
        .objects.order_by()
        .annotate(vocabulary=Value(name))
        .values_list("vocabulary", "position", "code", "name")
        for name in empty_labels
    ]
    rows = reads[0].union(*reads[1:], all=True).order_by("vocabulary", "position", "code")
    for vocabulary, _position, code, name in rows:
        choices[vocabulary].append((code, name))
    return choices


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=text_limits.SEARCH)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Partner.Kind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    support = forms.ChoiceField(label=_("Support offered"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        vocabularies = _vocabulary_choices(
            focus_area=_("All focus areas"), support=_("Any support")
        )
        for name, choices in vocabularies.items():
            self.fields[name].choices = choices


class OpportunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=text_limits.SEARCH)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    support = forms.ChoiceField(label=_("Support sought"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args, cities=(), **kwargs):
        """`cities`: (country code, slug, name) of the cities to offer (`opportunity_cities`),
        shown under their countries' names in the countries' order."""
        super().__init__(*args, **kwargs)
        vocabularies = _vocabulary_choices(
            focus_area=_("All focus areas"), support=_("Any support")
        )
        for name, choices in vocabularies.items():
            self.fields[name].choices = choices
        countries = list(Country.objects.order_by("name").values_list("code", "name"))
        self.fields["country"].choices = Options([("", _("All countries")), *countries])
        self.fields["city"].choices = Options(
            [("", _("All cities")), *_by_country(countries, cities)]
        )


def _by_country(countries, cities) -> list[tuple[str, list[tuple[str, str]]]]:
    """Option groups (country name, [(slug, city name), ...]); countries without a city left out."""
    groups: dict[str, list[tuple[str, str]]] = {code: [] for code, _name in countries}
    for code, slug, name in cities:
        groups[code].append((slug, name))
    return [(name, groups[code]) for code, name in countries if groups[code]]


# --- Edits ------------------------------------------------------------------------------------


class VersionedForm(ConflictFormMixin, forms.ModelForm):
    """Carries the version the person started from, to detect a concurrent change."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PartnerForm(VersionedForm):
    country = forms.ChoiceField(label=_("Country"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    focus_areas = _checkboxes(FocusArea.objects.all(), _("Focus areas of interest"))
    support_offered = _checkboxes(SupportType.objects.all(), _("Support offered"))

    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "country",
            "website",
            "summary",
            "focus_areas",
            "support_offered",
            "version",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("None (international)")), *country_choices()]


class TwinningForm(forms.ModelForm):
    counterpart_country = forms.ChoiceField(label=_("Counterpart country"))
    focus_areas = _checkboxes(FocusArea.objects.all(), _("Focus areas"))

    class Meta:
        model = Twinning
        fields = [
            "city",
            "counterpart_city",
            "counterpart_country",
            "partner",
            "start_year",
            "status",
            "focus_areas",
            "description",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.select_related("country")
        self.fields["counterpart_country"].choices = [
            ("", "---------"),
            *((code, name) for code, name in country_choices() if code not in ASEAN_CODES),
        ]


class OpportunityForm(VersionedForm):
    focus_areas = _checkboxes(FocusArea.objects.all(), _("Focus areas"), required=True)
    support_sought = _checkboxes(SupportType.objects.all(), _("Support sought"), required=True)
    closing_date = forms.DateField(
        label=_("Closing date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. The opportunity leaves the public list the day after."),
    )

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "description",
            "project",
            "focus_areas",
            "support_sought",
            "closing_date",
            "version",
        ]

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(plan__city=city).order_by(
            "title", "pk"
        )
        self.fields["project"].required = False
        self.fields["project"].help_text = _("Optional: the project of your plan this is for.")
        if not self.instance.pk:
            del self.fields["version"]


class InterestForm(forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["message"]
        labels = {"message": _("How could your organisation help?")}


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the partner (optional)"),
        required=False,
        widget=forms.Textarea,
        max_length=text_limits.MESSAGE,
    )


class PartnerCreateForm(PartnerForm):
    """A new partner: the profile's fields, without a version to check."""

    class Meta(PartnerForm.Meta):
        fields = [name for name in PartnerForm.Meta.fields if name != "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("version", None)


class PartnerInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)


class ProviderApplicationForm(forms.ModelForm):
    """A solution provider's application to be listed (public)."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    website = forms.URLField(label=_("Website"), assume_scheme="https")
    focus_areas = _checkboxes(FocusArea.objects.all(), _("Focus areas you work in"))
    support_offered = _checkboxes(SupportType.objects.all(), _("Support you offer"))

    class Meta:
        model = ProviderApplication
        fields = [
            "name",
            "country",
            "website",
            "summary",
            "focus_areas",
            "support_offered",
            "contact_name",
            "email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("None (international)")), *country_choices()]
        self.fields["focus_areas"].required = True
        self.fields["support_offered"].required = True


class ApplicationDecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=text_limits.MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
