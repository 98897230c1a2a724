from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans import calendar
from action_plans.models import FocusArea, FrameworkComponent, GesiGroup, Stage
from cities.models import Country
from core import text_limits
from reports.models import ReportHighlight, ReportNarrative
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

    def __init__(
        self, data=None, *, fixed: dict | None = None, default_year: int | None = None, **kwargs
    ):
        self.fixed = fixed or {}
        data = data.copy() if data is not None else {}
        self.default_year = default_year or calendar.reporting_year()
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


class Place:
    """A focus area's or a city's highlight on the narrative form: its fields (the project first,
    then the story), the project chosen (as typed, or as saved) and whether any field has an
    error."""

    def __init__(self, label: str, fields: list):
        self.label = label
        self.fields = fields

    @property
    def chosen(self) -> str:
        project = self.fields[0]
        value = str(project.value() or "")
        return next(
            (str(name) for key, name in project.field.choices if str(key) == value and value), ""
        )

    @property
    def has_errors(self) -> bool:
        return any(field.errors for field in self.fields)


class NarrativeForm(forms.ModelForm):
    """ASEC's narrative of a year's report, and the project it highlights, with its story, per
    focus area and per city: a select of the year's published projects of that place (empty: the
    report picks one itself) and the story, which starts from the project's own text."""

    class Meta:
        model = ReportNarrative
        fields = ReportNarrative.FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 10}) for name in ReportNarrative.FIELDS}

    def __init__(self, *args, candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        picked = {
            h.focus_area and f"area-{h.focus_area}" or f"city-{h.city}": h
            for h in (self.instance.highlights.all() if self.instance.pk else [])
        }
        self.groups: list[dict] = []
        areas = [
            (f"area-{area.code}", area.name, [p for p in candidates if area in p.focus_areas.all()])
            for area in FocusArea.objects.order_by("position", "code")
        ]
        cities: dict[str, tuple] = {}
        for project in candidates:
            city = project.plan.city
            cities.setdefault(city.slug, (f"city-{city.slug}", city.name, []))[2].append(project)
        # A place per focus area (a few) shows its fields; a place per city (38 and more) is a
        # disclosure that names the project chosen, open when it has one or an error.
        for title, places, folded in (
            (_("Highlighted project per focus area"), areas, False),
            (_("Highlighted project per city (city annexes)"), list(cities.values()), True),
        ):
            self.groups.append(
                {
                    "title": title,
                    "folded": folded,
                    "places": [self._add_place(*p, picked) for p in places],
                }
            )

    def _add_place(self, place: str, label: str, projects: list, picked: dict) -> dict:
        pick = picked.get(place)
        self.fields[f"{place}-project"] = forms.TypedChoiceField(
            label=label,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("None chosen: the report picks one"))]
            + [(p.public_id, f"{p.title} ({p.plan.city.name})") for p in projects],
            initial=pick.project if pick else None,
        )
        for name in ReportHighlight.STORY:
            self.fields[f"{place}-{name}"] = forms.CharField(
                label=ReportHighlight._meta.get_field(name).verbose_name,
                required=False,
                max_length=text_limits.SUMMARY,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=getattr(pick, name, ""),
            )
        return Place(label, [self[f"{place}-{n}"] for n in ("project", *ReportHighlight.STORY)])

    def text_fields(self) -> list:
        return [self[name] for name in ReportNarrative.FIELDS]

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ReportNarrative.FIELDS}

    def highlights(self) -> dict[str, dict]:
        """{place: {"project": public id or None, story}} for services.narrative_save."""
        places = {name.rsplit("-", 1)[0] for name in self.fields if name.endswith("-project")}
        picks = {}
        for place in places:
            pick = {
                n: self.cleaned_data.get(f"{place}-{n}")
                for n in ("project", *ReportHighlight.STORY)
            }
            untouched = all(
                (pick[n] or "") == (self.fields[f"{place}-{n}"].initial or "")
                for n in ReportHighlight.STORY
            )
            if pick["project"] != self.fields[f"{place}-project"].initial and untouched:
                # Another project, the story as it was: the new project's own story replaces it.
                pick.update(dict.fromkeys(ReportHighlight.STORY, ""))
            picks[place] = pick
        return picks
