from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans import calendar
from action_plans.project_files.importing import MAX_YEAR, MIN_YEAR
from core.uploads import CSV, XLSX, validate_upload

# A project file of the whole network is a few dozen kilobytes.
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ProjectImportForm(forms.Form):
    file = forms.FileField(
        label=_("Project file"),
        help_text=_("A CSV (UTF-8) or XLSX file of at most 2 MB, in the columns listed below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    year = forms.IntegerField(
        label=_("Reporting year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("The year of the statuses in the file, for rows whose progress_year is blank."),
    )

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and calendar.period_of(year) is None:
            raise forms.ValidationError(_("No plan period covers this year."))
        return year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, allowed=(CSV, XLSX), max_bytes=IMPORT_MAX_BYTES)
        return upload
