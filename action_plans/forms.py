"""Forms of the plan editor and the progress update. They parse and check input; the services
decide and write."""

from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from action_plans.models import (
    FUNDING_FIELDS,
    ActionPlan,
    DisaggregatedValue,
    FundingSource,
    GesiGroup,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
    Project,
    Sex,
)
from action_plans.services.funding import funding_source_errors
from action_plans.services.projects import (
    MILESTONE_FIELDS,
    PROJECT_FIELDS,
    indicator_errors,
    part_errors,
    project_errors,
)
from core import text_limits
from core.conflicts import ConflictFormMixin
from core.uploads import EVIDENCE_KINDS, validate_upload


class ServiceForm(forms.ModelForm):
    """A model form whose cleaned data goes to a service rather than to `save()`.

    `service_rules(candidate, cleaned_data)` returns the service's own errors per field; running
    them here puts each message next to its field (the model's constraints would otherwise report
    them for the whole form). The service checks again when it writes.
    """

    service_rules = None

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}

    def clean(self):
        cleaned = super().clean()
        if self.service_rules is None:
            return cleaned
        candidate = copy.copy(self.instance)
        concrete = {f.name for f in candidate._meta.concrete_fields}
        for name, value in cleaned.items():
            if name in concrete:
                setattr(candidate, name, value)
        for name, message in type(self).service_rules(candidate, cleaned).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class VersionedForm(ConflictFormMixin, ServiceForm):
    """An edit form that carries the version of the object it was drawn from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanForm(VersionedForm):
    class Meta:
        model = ActionPlan
        fields = ("vision", "strategic_targets")
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 4}),
            "strategic_targets": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "vision": _("Where the city wants to be by the end of the plan period."),
            "strategic_targets": _("One target per line, measurable where possible."),
        }


def _project_rules(candidate, cleaned) -> dict:
    m2m = {"focus_areas": cleaned.get("focus_areas") or []}
    return project_errors(candidate, m2m)


class ProjectForm(ServiceForm):
    service_rules = staticmethod(_project_rules)

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "partnership_needs": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "outcomes": forms.CheckboxSelectMultiple,
            "gesi_groups": forms.CheckboxSelectMultiple,
            "components": forms.CheckboxSelectMultiple,
            "ascap": forms.CheckboxSelectMultiple,
            "start_year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "end_year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "budget_usd": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }
        help_texts = {
            "focus_areas": _("At least one ASCF focus area."),
            "stage": _(
                "Planning: from proposal to feasibility. Ongoing: beyond feasibility, "
                "including scale-up."
            ),
            "partnership_needs": _("Shown to partners when the project seeks partners."),
            "readiness": _(
                "Identification, preparation and feasibility count as planning; procurement and "
                "implementation as ongoing; completion as completed."
            ),
            "ascap": _("For projects of the ASCAP 2026–2035 period."),
        }


class ProjectEditForm(VersionedForm, ProjectForm):
    class Meta(ProjectForm.Meta):
        pass


class MilestoneForm(ServiceForm):
    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "done_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"done_date": _("Leave empty until the milestone is reached.")}


class MilestoneEditForm(VersionedForm, MilestoneForm):
    class Meta(MilestoneForm.Meta):
        pass


PARTS_PREFIX = "parts"
PART_FIELDS = ("year", "gesi_group", "sex", "value")


class IndicatorPartForm(forms.Form):
    """One row of the split of a year's value: a GESI target group, a sex or both, and its part.
    A row cleared of everything is removed, like one ticked for deletion."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    gesi_group = forms.ChoiceField(label=_("GESI target group"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)

    def __init__(self, *args, years=(), groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups or {}
        self.fields["year"].choices = [("", "—"), *((year, year) for year in years)]
        self.fields["gesi_group"].choices = [
            ("", "—"),
            *((key, group.name) for key, group in self.groups.items()),
        ]

    def clean_gesi_group(self):
        return self.groups.get(self.cleaned_data["gesi_group"])

    def full_clean(self):
        if self.is_bound and not any(self[name].data for name in PART_FIELDS):
            self._errors = ErrorDict()
            self.cleaned_data = {"DELETE": True}
            return
        super().full_clean()


IndicatorPartFormSet = forms.formset_factory(IndicatorPartForm, extra=3, can_delete=True)


class IndicatorForm(ServiceForm):
    """An indicator with its baseline and target, and one value field per year of the plan."""

    service_rules = staticmethod(lambda candidate, cleaned: indicator_errors(candidate))

    class Meta:
        model = Indicator
        fields = (
            "name",
            "catalogue",
            "unit",
            "direction",
            "measurement",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
        )
        help_texts = {
            "catalogue": _(
                "Optional: an indicator of the catalogue (the portal's own, SDG 11, ISO 37120 or "
                "37122). Its unit and direction then replace the ones given here."
            ),
        }

    def __init__(self, *args, years=(), values=None, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = False  # a catalogue indicator brings its own
        self.fields["measurement"].required = False  # periodic unless told
        self.years = list(years)
        for year in self.years:
            self.fields[f"value_{year}"] = forms.DecimalField(
                label=str(year), required=False, max_digits=16, decimal_places=4
            )
            if values and year in values and not self.is_bound:
                self.initial[f"value_{year}"] = values[year]
        self.parts = self._parts_formset(list(parts))

    def _parts_formset(self, initial: list[dict]):
        """The split of the yearly values. A post without the split's rows (an older client)
        leaves the saved split as it is."""
        posted = self.is_bound and f"{PARTS_PREFIX}-TOTAL_FORMS" in self.data
        groups = {str(group.pk): group for group in GesiGroup.objects.all()}
        return IndicatorPartFormSet(
            self.data if posted else None,
            initial=initial,
            prefix=PARTS_PREFIX,
            form_kwargs={"years": self.years, "groups": groups},
        )

    def is_valid(self):
        valid = super().is_valid()
        return valid and (not self.parts.is_bound or self.parts.is_valid())

    def clean(self):
        cleaned = super().clean()
        if self.parts.is_bound:
            self._check_parts()
        return cleaned

    def _check_parts(self) -> None:
        """The rules across rows and against the year's value, each on the row it concerns."""
        seen = set()
        for row in self._part_rows():
            data = row.cleaned_data
            year = data.get("year")
            total = self.cleaned_data.get(f"value_{year}")
            if year is not None and total is None and f"value_{year}" not in self.errors:
                row.add_error("year", _("This year has no value: give it, or remove the part."))
            candidate = DisaggregatedValue(
                gesi_group=data.get("gesi_group"), sex=data.get("sex", ""), value=data.get("value")
            )
            for name, message in part_errors(candidate, total).items():
                if name not in row.errors:
                    row.add_error(name, message)
            key = (year, data.get("gesi_group"), data.get("sex"))
            if not row.errors and key in seen:
                row.add_error(None, _("This year already has a part for this group and sex."))
            seen.add(key)

    def _part_rows(self) -> list[forms.Form]:
        """The rows to save: valid, neither blank nor ticked for deletion."""
        return [
            row
            for row in self.parts.forms
            if row.is_valid() and row.cleaned_data and not row.cleaned_data.get("DELETE")
        ]

    def yearly_parts(self) -> dict[int, list[dict]] | None:
        """Each year's parts as the service takes them; None when the split was not posted."""
        if not self.parts.is_bound:
            return None
        parts = {year: [] for year in self.years}
        for row in self._part_rows():
            data = row.cleaned_data
            parts[data["year"]].append({k: data[k] for k in ("gesi_group", "sex", "value")})
        return parts

    def clean_unit(self):
        unit = self.cleaned_data.get("unit", "")
        catalogue = self.cleaned_data.get("catalogue")
        if catalogue is not None and catalogue.unit:
            return catalogue.unit
        if not unit:
            raise forms.ValidationError(_("Give the unit, or choose a catalogue indicator."))
        return unit

    def clean_measurement(self):
        return self.cleaned_data.get("measurement") or Measurement.PERIODIC

    def main_fields(self):
        return [field for field in self if not field.name.startswith("value_")]

    def value_fields(self):
        return [self[f"value_{year}"] for year in self.years]

    def yearly_values(self) -> dict[int, object]:
        return {year: self.cleaned_data.get(f"value_{year}") for year in self.years}


def _split_text(parts: list[dict]) -> str:
    """A split as text for the conflict page, in a stable order: "Women with disabilities,
    female: 12; male: 30"."""
    sexes = dict(Sex.choices)

    def label(part) -> str:
        who = [str(part["gesi_group"])] if part["gesi_group"] else []
        if part["sex"]:
            who.append(str(sexes.get(part["sex"], part["sex"])))
        return ", ".join(who)

    shown = sorted(f"{label(p)}: {p['value'].normalize():f}" for p in parts)
    return "; ".join(shown)


class IndicatorEditForm(VersionedForm, IndicatorForm):
    class Meta(IndicatorForm.Meta):
        pass

    def current_values(self, instance) -> dict:
        values = super().current_values(instance)
        measured = {v.year: v.value for v in instance.values.all()}
        values.update({f"value_{year}": measured.get(year) for year in self.years})
        return values

    def conflict_rows(self, instance) -> list[tuple[str, str, str]]:
        """Each year's split as typed and as saved now, when the split was posted."""
        typed = self.yearly_parts()
        if typed is None:
            return []
        saved = {year: [] for year in self.years}
        for part in DisaggregatedValue.objects.filter(total__indicator=instance).select_related(
            "total", "gesi_group"
        ):
            saved.setdefault(part.total.year, []).append(
                {"gesi_group": part.gesi_group, "sex": part.sex, "value": part.value}
            )
        return [
            (
                _("Split of %(year)s") % {"year": year},
                _split_text(typed.get(year, [])),
                _split_text(saved.get(year, [])),
            )
            for year in self.years
        ]


class ProgressUpdateForm(VersionedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    percent_complete = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("Optional: a report or photo (PDF, PNG, JPG, DOCX or XLSX)."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ("percent_complete", "status", "narrative", "challenges", "support_needed")
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "challenges": forms.Textarea(attrs={"rows": 3}),
            "support_needed": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"narrative": _("What was achieved this year.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["accept"] = ",".join(
            f".{kind.extension}" for kind in EVIDENCE_KINDS
        )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_upload(upload, allowed=EVIDENCE_KINDS)
        return upload


class WorkflowForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text_limits.COMMENT,
    )

    def __init__(self, *args, comment_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal next to the fields it names (others at the top of the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class FundingSourceForm(forms.ModelForm):
    """One funding source of the project's funding page; the service checks the whole set."""

    class Meta:
        model = FundingSource
        fields = FUNDING_FIELDS
        widgets = {
            "amount": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "amount_usd": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "currency": forms.TextInput(attrs={"size": 3, "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_usd"].required = False  # the amount itself when in USD

    def has_changed(self):
        """A blank row (its currency left at USD) is skipped rather than refused."""
        return bool(set(self.changed_data) - {"currency"})

    def clean(self):
        cleaned = super().clean()
        candidate = FundingSource(**{k: v for k, v in cleaned.items() if k in FUNDING_FIELDS})
        candidate.currency = (candidate.currency or "").upper()
        if candidate.currency == "USD":
            candidate.amount_usd = candidate.amount
        for name, message in funding_source_errors(candidate).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


FundingFormSet = forms.formset_factory(FundingSourceForm, extra=2, can_delete=True)


class VersionOnlyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
