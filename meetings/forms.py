from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cities.models import City, Country
from core.uploads import DOCUMENT_KINDS, validate_upload
from meetings.models import AgendaItem, Decision, Document, Meeting
from partners.models import Partner


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, city):
        return f"{city.name} ({city.country.name})"


class CityMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, city):
        return f"{city.name} ({city.country.name})"


class MeetingForm(forms.ModelForm):
    host_city = CityChoiceField(
        label=_("Host city"),
        queryset=City.objects.select_related("country"),
        required=False,
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "number",
            "title",
            "start_date",
            "end_date",
            "host_country",
            "host_city",
            "venue",
            "format",
            "theme",
            "summary",
            "source",
        ]
        labels = {"host_country": _("Host country")}
        help_texts = {
            "number": _("The meeting's number in its series, e.g. 8 for the 8th annual meeting."),
            "host_country": _("For an annual meeting, the ASEAN chair of that year."),
        }
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The meeting cannot end before it starts."))
        city, country = cleaned.get("host_city"), cleaned.get("host_country")
        if city and country and city.country_id != country.pk:
            self.add_error(
                "host_city",
                _("%(city)s is not in %(country)s.") % {"city": city, "country": country},
            )
        if city and not country:
            cleaned["host_country"] = city.country
        return cleaned


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]


class ParticipantsForm(forms.Form):
    cities = CityMultipleChoiceField(
        label=_("Cities"),
        queryset=City.objects.select_related("country"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def for_meeting(cls, meeting, data=None):
        participations = list(meeting.participations.all())
        initial = {
            field: [getattr(p, f"{field}_id") for p in participations if getattr(p, f"{field}_id")]
            for field in ("city", "country", "partner")
        }
        return cls(
            data,
            initial={
                "cities": initial["city"],
                "countries": initial["country"],
                "partners": initial["partner"],
            },
        )


class DocumentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = Document
        fields = ["title", "kind", "date", "adopted", "source"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].required = False
            self.fields["file"].help_text = _(
                "Leave empty to keep the current file. PDF, Word, Excel, PowerPoint, PNG or JPEG."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_upload(upload, allowed=DOCUMENT_KINDS)
            return upload
        return None


ASEC_OWNER = "asec"


class DecisionForm(forms.ModelForm):
    field_order = ["text", "owner", "due_date", "status", "follow_up"]
    owner = forms.ChoiceField(
        label=_("Owner"), help_text=_("Who follows the decision up: a city, a country or ASEC.")
    )

    class Meta:
        model = Decision
        fields = ["text", "due_date", "status", "follow_up"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = City.objects.select_related("country")
        self.fields["owner"].choices = [
            ("", "---------"),
            (ASEC_OWNER, _("ASEAN Secretariat (ASEC)")),
            (_("Cities"), [(f"city:{c.pk}", f"{c.name} ({c.country.name})") for c in cities]),
            (_("Countries"), [(f"country:{c.pk}", c.name) for c in Country.objects.all()]),
        ]
        if self.instance.pk:
            self.initial["owner"] = _owner_key(self.instance)

    def clean_owner(self):
        """The owner as the three fields of a Decision, exactly one of them set."""
        key = self.cleaned_data["owner"]
        owner = {"owner_city": None, "owner_country": None, "owner_is_asec": key == ASEC_OWNER}
        if key != ASEC_OWNER:
            kind, pk = key.split(":")
            model = City if kind == "city" else Country
            owner[f"owner_{kind}"] = model.objects.get(pk=pk)
        return owner


def _owner_key(decision) -> str:
    if decision.owner_city_id:
        return f"city:{decision.owner_city_id}"
    if decision.owner_country_id:
        return f"country:{decision.owner_country_id}"
    return ASEC_OWNER


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["status", "follow_up"]
        help_texts = {"follow_up": _("What has been done, and what remains.")}
