"""Forms of the time pages: reporting cycles, submissions and the ASCAP structure."""

from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans.models import AscapItem, ReportingCycle, SubmissionStatus

DATE = forms.DateInput(attrs={"type": "date"})


class CycleForm(forms.ModelForm):
    class Meta:
        model = ReportingCycle
        fields = ["year", "opens_on", "deadline", "as_of"]
        widgets = {"opens_on": DATE, "deadline": DATE, "as_of": DATE}

    def data_for_service(self) -> dict:
        return dict(self.cleaned_data)


class CycleDatesForm(forms.ModelForm):
    class Meta:
        model = ReportingCycle
        fields = ["opens_on", "deadline", "as_of"]
        widgets = {"opens_on": DATE, "deadline": DATE, "as_of": DATE}


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Close the cycle although these submissions are still open"), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubmissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *SubmissionStatus.choices],
    )
    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=2)


class AscapItemForm(forms.ModelForm):
    class Meta:
        model = AscapItem
        fields = ["code", "kind", "title", "description", "parent", "position", "source"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
