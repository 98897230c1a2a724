"""`GET /api/iati/activities.xml`: the published projects as an IATI 2.03 activity file."""

from django import forms
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from action_plans.iati import iati_activities_stream, iati_projects


class IatiFilterForm(forms.Form):
    city = forms.SlugField(required=False, max_length=80)
    country = forms.RegexField(regex=r"^[A-Za-z]{2}$", required=False)
    partner = forms.SlugField(required=False, max_length=80)


@require_safe
def iati_activities(request):
    """Anyone may read it: it holds what ASEC published, for every reader alike."""
    form = IatiFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    projects = iati_projects(**form.cleaned_data)
    response = StreamingHttpResponse(
        iati_activities_stream(projects), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="ascn-iati-activities.xml"'
    return response
