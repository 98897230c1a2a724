"""Forms of the review pages: a city's answer to a flag, a new query, a message in a thread."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import text_limits


class FlagAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=text_limits.MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the figure is right, in a few sentences."),
    )
    file = forms.FileField(label=_("Evidence file"), required=False)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("answer") or data.get("file") or data.get("link")):
            raise forms.ValidationError(
                _("Give a short explanation, attach an evidence file or add a link.")
            )
        return data


class QueryOpenForm(forms.Form):
    target = forms.ChoiceField(label=_("About"))
    message = forms.CharField(
        label=_("Question"),
        max_length=text_limits.MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets

    def data_for_service(self) -> dict:
        object_type, object_id = self.cleaned_data["target"].split(":")
        return {
            "object_type": object_type,
            "object_id": int(object_id),
            "message": self.cleaned_data["message"],
        }


class QueryReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), max_length=text_limits.MESSAGE, widget=forms.Textarea(attrs={"rows": 3})
    )
