"""Project import and export pages (the same columns as `manage.py import_projects`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from action_plans.forms_import import ProjectImportForm
from action_plans.project_files import (
    COLUMNS,
    ProjectImportError,
    export_filename,
    projects_export,
    projects_import,
)
from action_plans.project_files.tables import CONTENT_TYPES
from core import policy

# One focus area code matches a project at most once, so the join needs no DISTINCT.
EXPORT_FILTERS = {
    "country": "plan__city__country__code",
    "city": "plan__city__slug",
    "focus_area": "focus_areas__code",
    "stage": "stage",
}


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request):
    city = _import_city(request.user)
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = projects_import(
                data=upload.read(),
                filename=upload.name,
                actor=request.user,
                year=form.cleaned_data["year"],
                city=city,
            )
        except ProjectImportError as failure:
            errors = failure.errors
        else:
            messages.success(request, str(result))
            return redirect("action_plans:import")
    context = {"form": form, "errors": errors, "city": city, "columns": COLUMNS}
    return render(request, "action_plans/project_import.html", context)


def _import_city(user):
    """The city a user imports for (None: every city, for ASEC); 403 for anyone else."""
    if policy.can_import_projects(user):
        return None
    if not policy.can_import_projects(user, user.city):
        raise PermissionDenied
    return user.city


@require_GET
def project_export(request, file_format):
    """The projects the user may see, optionally filtered like the project lists."""
    projects = policy.visible_projects(request.user)
    for parameter, lookup in EXPORT_FILTERS.items():
        value = request.GET.get(parameter)
        if value:
            projects = projects.filter(**{lookup: value})
    data = projects_export(projects, file_format=file_format)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(file_format)}"'
    return response
