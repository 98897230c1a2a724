"""Forms of the learning app: they parse and check input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans.models import FocusArea, GesiGroup, Indicator, Stage
from core.conflicts import ConflictFormMixin
from learning.models import CaseStudy, Connection

CASE_STUDY_FORM_FIELDS = [
    "title",
    "problem",
    "solution",
    "results",
    "indicators",
    "cost_and_funding",
    "partners",
    "lessons",
    "replication",
]


class CaseStudyForm(ConflictFormMixin, forms.ModelForm):
    """The case study of one project; its results link to that project's indicators."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = CaseStudy
        fields = CASE_STUDY_FORM_FIELDS
        widgets = {"indicators": forms.CheckboxSelectMultiple}
        help_texts = {
            "results": _("What changed, in figures where you have them."),
            "indicators": _("The project's indicators that show the results, with their values."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(project=project)
        self.fields["indicators"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in CASE_STUDY_FORM_FIELDS}


class CaseStudyFileForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or document"),
        help_text=_("PDF, PNG, JPG, DOCX or XLSX, checked by its content."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the city change?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class LibraryFilterForm(forms.Form):
    """The library's filters: each is optional, an unknown value simply matches nothing."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    gesi = forms.ChoiceField(label=_("GESI target group"), required=False)
    stage = forms.ChoiceField(
        label=_("Project stage"),
        required=False,
        choices=[("", _("Any stage")), *Stage.choices],
    )

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [("", _("Any focus area"))] + [
            (area.code, area.name) for area in FocusArea.objects.order_by("position")
        ]
        self.fields["gesi"].choices = [("", _("Any group"))] + [
            (group.code, group.name) for group in GesiGroup.objects.order_by("position")
        ]
        self.fields["country"].choices = [("", _("Any country"))] + [
            (country.code, country.name) for country in countries
        ]


class ConnectionForm(forms.Form):
    from_project = forms.ModelChoiceField(
        label=_("Your project this is about"), queryset=None, required=False
    )
    message = forms.CharField(
        label=_("Message to the other city"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines: what you would like to learn and how to reach you."),
    )

    def __init__(self, *args, own_projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_project"].queryset = own_projects


class ConnectionAnswerForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConnectionRecordForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Record it as"),
        choices=[c for c in Connection.Outcome.choices if c[0]],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
