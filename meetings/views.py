from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import policy
from core.api.tokens import accepts_api_token
from core.pages import allow
from core.uploads import attachment_response
from meetings import calendar, selectors, services
from meetings.forms import (
    AgendaItemForm,
    DecisionForm,
    DocumentForm,
    FollowUpForm,
    MeetingForm,
    ParticipantsForm,
)
from meetings.models import AgendaItem, Decision, Document, Meeting

# --- Public pages -------------------------------------------------------------------------------


def meeting_list(request):
    context = selectors.meeting_list_page(page=request.GET.get("page"))
    context["can_manage"] = policy.can_manage_meetings(request.user)
    return render(request, "meetings/meeting_list.html", context)


def meeting_detail(request, pk):
    meeting = get_object_or_404(selectors.meetings_with_chair(), pk=pk)
    context = selectors.meeting_page(meeting=meeting)
    context["can_manage"] = policy.can_manage_meetings(request.user)
    return render(request, "meetings/meeting_detail.html", context)


def calendar_feed(request):
    meetings = selectors.meetings_with_chair().order_by("start_date", "pk")
    return _ics(request, meetings, name=_("ASCN meetings"), filename="ascn-meetings.ics")


def meeting_ics(request, pk):
    meeting = get_object_or_404(selectors.meetings_with_chair(), pk=pk)
    return _ics(request, [meeting], name=meeting.title, filename=f"ascn-meeting-{pk}.ics")


def _ics(request, meetings, *, name, filename):
    body = calendar.meetings_calendar(meetings, name=name, absolute_url=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@accepts_api_token
def document_download(request, pk):
    document = get_object_or_404(Document, pk=pk)
    if not document.file:
        raise Http404(_("This document has no file in the portal."))
    extension = document.file.name.rsplit(".", 1)[-1]
    name = slugify(document.title) or "document"
    return attachment_response(document.file, f"{name}.{extension}")


# --- ASEC manages meetings ----------------------------------------------------------------------


def _form_page(request, form, *, heading, meeting=None, multipart=False):
    context = {"form": form, "heading": heading, "meeting": meeting, "multipart": multipart}
    return render(request, "meetings/form.html", context)


def _post(request):
    """The submitted data, or None for a GET (an unbound form), even when nothing was ticked."""
    return request.POST if request.method == "POST" else None


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _saved(request, message, meeting):
    messages.success(request, message)
    return redirect(meeting)


@login_required
def meeting_create(request):
    allow(request, policy.can_manage_meetings(request.user))
    form = MeetingForm(_post(request))
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        return _saved(request, _("Meeting created."), meeting)
    return _form_page(request, form, heading=_("New meeting"))


@login_required
def meeting_edit(request, pk):
    allow(request, policy.can_manage_meetings(request.user))
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(_post(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_update(meeting=meeting, actor=request.user, **form.cleaned_data)
        return _saved(request, _("Meeting saved."), meeting)
    return _form_page(request, form, heading=_("Edit meeting"), meeting=meeting)


@login_required
def agenda_item_create(request, pk):
    allow(request, policy.can_manage_meetings(request.user))
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(_post(request))
    if request.method == "POST" and form.is_valid():
        services.agenda_item_create(meeting=meeting, actor=request.user, **form.cleaned_data)
        return _saved(request, _("Agenda item added."), meeting)
    return _form_page(request, form, heading=_("New agenda item"), meeting=meeting)


@login_required
def agenda_item_edit(request, pk, item_pk):
    allow(request, policy.can_manage_meetings(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
    form = AgendaItemForm(_post(request), instance=item)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_update(item=item, actor=request.user, **form.cleaned_data)
        return _saved(request, _("Agenda item saved."), item.meeting)
    return _form_page(request, form, heading=_("Edit agenda item"), meeting=item.meeting)


@login_required
def agenda_item_delete(request, pk, item_pk):
    allow(request, policy.can_manage_meetings(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
    if request.method == "POST":
        services.agenda_item_delete(item=item, actor=request.user)
        return _saved(request, _("Agenda item removed."), item.meeting)
    return _confirm_delete(request, item, meeting=item.meeting)


@login_required
@require_POST
def agenda_item_move(request, pk, item_pk):
    allow(request, policy.can_manage_meetings(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponse(_("Direction must be up or down."), status=400)
    services.agenda_item_move(item=item, actor=request.user, direction=direction)
    return _saved(request, _("Agenda reordered."), item.meeting)


@login_required
def participants_edit(request, pk):
    allow(request, policy.can_manage_meetings(request.user))
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ParticipantsForm.for_meeting(meeting, _post(request))
    if request.method == "POST" and form.is_valid():
        services.participants_set(meeting=meeting, actor=request.user, **form.cleaned_data)
        return _saved(request, _("Participants saved."), meeting)
    return _form_page(request, form, heading=_("Participants"), meeting=meeting)


@login_required
def document_create(request, pk):
    allow(request, policy.can_manage_meetings(request.user))
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DocumentForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        upload = fields.pop("file")
        services.document_create(meeting=meeting, actor=request.user, upload=upload, **fields)
        return _saved(request, _("Document uploaded."), meeting)
    heading = _("Upload a document")
    return _form_page(request, form, heading=heading, meeting=meeting, multipart=True)


@login_required
def document_edit(request, pk, document_pk):
    allow(request, policy.can_manage_meetings(request.user))
    document = get_object_or_404(
        Document.objects.select_related("meeting"), pk=document_pk, meeting=pk
    )
    form = DocumentForm(*_posted(request), instance=document)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        upload = fields.pop("file")
        services.document_update(document=document, actor=request.user, upload=upload, **fields)
        return _saved(request, _("Document saved."), document.meeting)
    heading = _("Edit document")
    return _form_page(request, form, heading=heading, meeting=document.meeting, multipart=True)


@login_required
def document_delete(request, pk, document_pk):
    allow(request, policy.can_manage_meetings(request.user))
    document = get_object_or_404(
        Document.objects.select_related("meeting"), pk=document_pk, meeting=pk
    )
    if request.method == "POST":
        services.document_delete(document=document, actor=request.user)
        return _saved(request, _("Document removed."), document.meeting)
    return _confirm_delete(request, document, meeting=document.meeting)


def _confirm_delete(request, obj, *, meeting):
    return render(request, "meetings/confirm_delete.html", {"object": obj, "meeting": meeting})


@login_required
def decision_create(request, pk):
    allow(request, policy.can_manage_meetings(request.user))
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DecisionForm(_post(request))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        fields.update(fields.pop("owner"))
        services.decision_create(meeting=meeting, actor=request.user, **fields)
        return _saved(request, _("Decision recorded."), meeting)
    return _form_page(request, form, heading=_("New decision"), meeting=meeting)


@login_required
def decision_edit(request, pk, decision_pk):
    allow(request, policy.can_manage_meetings(request.user))
    decision = get_object_or_404(
        Decision.objects.select_related("meeting"), pk=decision_pk, meeting=pk
    )
    form = DecisionForm(_post(request), instance=decision)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        fields.update(fields.pop("owner"))
        services.decision_update(decision=decision, actor=request.user, **fields)
        return _saved(request, _("Decision saved."), decision.meeting)
    return _form_page(request, form, heading=_("Edit decision"), meeting=decision.meeting)


# --- Owners follow up their decisions -------------------------------------------------------------


@login_required
def decision_follow_up(request, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("meeting", "owner_city", "owner_country"), pk=pk
    )
    allow(request, policy.can_follow_up_decision(request.user, decision))
    form = FollowUpForm(_post(request), instance=decision)
    if request.method == "POST" and form.is_valid():
        services.decision_follow_up(decision=decision, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Follow-up saved."))
        return redirect(_safe_next(request) or decision.meeting)
    context = {"form": form, "decision": decision, "next": _safe_next(request)}
    return render(request, "meetings/decision_follow_up.html", context)


def _safe_next(request) -> str | None:
    """Where to go back to after a follow-up: a page of this site only."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
def follow_ups(request):
    decisions = selectors.open_follow_ups_for(request.user)
    return render(request, "meetings/follow_ups.html", {"decisions": decisions})
