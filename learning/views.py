"""Pages of the case-study library and of connections between cities. Thin: scope (404),
policy (403), service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from action_plans.forms import add_service_errors
from action_plans.models import Project, public_id_is
from cities.models import Country
from core import policy
from core.concurrency import VersionConflict
from core.conflicts import conflict_context
from core.pages import allow
from core.uploads import attachment_response
from learning import selectors, services
from learning.forms import (
    CaseStudyFileForm,
    CaseStudyForm,
    ConnectionAnswerForm,
    ConnectionForm,
    ConnectionRecordForm,
    LibraryFilterForm,
    ReturnForm,
)
from learning.models import CaseStudyFile, Connection
from learning.selectors import LibraryFilters

PER_PAGE = 20


def _posted(request):
    return request.POST if request.method == "POST" else None


def _case_study(request, pk):
    return get_object_or_404(
        policy.visible_case_studies(request.user).select_related("city__country"), pk=pk
    )


def _project(request, pk) -> Project:
    return get_object_or_404(
        policy.visible_projects(request.user).select_related("plan__city__country"),
        public_id_is(pk),
    )


# --- The library ----------------------------------------------------------------------------


@require_safe
def library(request):
    form = LibraryFilterForm(request.GET or None, countries=Country.objects.order_by("name"))
    chosen = form.cleaned_data if form.is_valid() else {}
    filters = LibraryFilters(
        focus_area=chosen.get("focus_area", ""),
        country=chosen.get("country", ""),
        gesi=chosen.get("gesi", ""),
        stage=chosen.get("stage", ""),
        search=chosen.get("q", ""),
    )
    rows = selectors.case_studies_for(request.user, filters).order_by("-published_at", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_projects(request.user, page.object_list)
    return render(
        request,
        "learning/library.html",
        {"form": form, "page": page, "can_review": policy.is_asec(request.user)},
    )


@require_safe
def case_study_detail(request, pk):
    case_study = _case_study(request, pk)
    context = selectors.case_study_page(request.user, case_study)
    user = request.user
    context["actions"] = {
        "edit": policy.can_edit_case_study(user, case_study),
        "submit": policy.can_submit_case_study(user, case_study),
        "publish": policy.can_publish_case_study(user, case_study),
        "return": policy.can_return_case_study(user, case_study),
    }
    context["file_form"] = CaseStudyFileForm()
    context["return_form"] = ReturnForm()
    return render(request, "learning/case_study_detail.html", context)


@login_required
@require_safe
def review_queue(request):
    allow(request, policy.is_asec(request.user))
    rows = selectors.attach_projects(request.user, selectors.review_queue())
    return render(request, "learning/review_queue.html", {"case_studies": rows})


# --- Writing a case study -----------------------------------------------------------------


def _save_form(request, form, save, template, context, success):
    if request.method == "POST" and form.is_valid():
        try:
            case_study = save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        except VersionConflict as conflict:
            shown = {**context, "form": form, **conflict_context(form, conflict)}
            return render(request, template, shown, status=409)
        else:
            messages.success(request, success)
            return redirect(case_study.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


@login_required
def case_study_create(request, pk):
    project = _project(request, pk)
    allow(request, policy.can_write_case_study(request.user, project))
    form = CaseStudyForm(_posted(request), project=project)
    return _save_form(
        request,
        form,
        lambda form: services.case_study_create(
            project=project, actor=request.user, data=form.data_for_service()
        ),
        "learning/case_study_form.html",
        {"project": project, "case_study": None},
        _("The case study was saved as a draft. Submit it to ASEC when it is ready."),
    )


@login_required
def case_study_edit(request, pk):
    case_study = _case_study(request, pk)
    allow(request, policy.can_edit_case_study(request.user, case_study))
    form = CaseStudyForm(_posted(request), instance=case_study, project=case_study.project)
    return _save_form(
        request,
        form,
        lambda form: services.case_study_update(
            case_study=case_study,
            actor=request.user,
            data=form.data_for_service(),
            version=form.cleaned_data.get("version"),
        ),
        "learning/case_study_form.html",
        {"project": case_study.project, "case_study": case_study},
        _("The case study was saved."),
    )


def _step(request, pk, service, success, **extra):
    case_study = _case_study(request, pk)
    try:
        service(case_study=case_study, actor=request.user, **extra)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(case_study.get_absolute_url())


@login_required
@require_POST
def case_study_submit(request, pk):
    return _step(
        request, pk, services.case_study_submit, _("The case study was sent to ASEC for review.")
    )


@login_required
@require_POST
def case_study_publish(request, pk):
    return _step(request, pk, services.case_study_publish, _("The case study was published."))


@login_required
@require_POST
def case_study_return(request, pk):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _step(
        request,
        pk,
        services.case_study_return,
        _("The case study was returned to the city."),
        comment=comment,
    )


@login_required
@require_POST
def case_study_file_add(request, pk):
    case_study = _case_study(request, pk)
    allow(request, policy.can_edit_case_study(request.user, case_study))
    form = CaseStudyFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_study_file_add(
                case_study=case_study,
                actor=request.user,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        context = selectors.case_study_page(request.user, case_study)
        context.update(file_form=form, return_form=ReturnForm(), actions={"edit": True})
        return render(request, "learning/case_study_detail.html", context, status=400)
    messages.success(request, _("The file was added."))
    return redirect(case_study.get_absolute_url())


def _file(request, pk) -> CaseStudyFile:
    visible = policy.visible_case_studies(request.user)
    return get_object_or_404(CaseStudyFile.objects.filter(case_study__in=visible), pk=pk)


@login_required
@require_POST
def case_study_file_delete(request, pk):
    file = _file(request, pk)
    services.case_study_file_delete(file=file, actor=request.user)
    messages.success(request, _("The file was removed."))
    return redirect(file.case_study.get_absolute_url())


@require_safe
def case_study_file(request, pk):
    file = _file(request, pk)
    return attachment_response(file.file, file.original_name)


# --- Connections ---------------------------------------------------------------------------


@login_required
@require_safe
def connections(request):
    allow(request, policy.is_asec(request.user) or policy.can_request_connection(request.user))
    rows = selectors.connections_for(request.user)
    return render(request, "learning/connections.html", {"connections": rows})


def _connection(request, pk):
    return get_object_or_404(selectors.visible_connection_rows(request.user), pk=pk)


@login_required
@require_safe
def connection_detail(request, pk):
    connection = _connection(request, pk)
    return render(request, "learning/connection_detail.html", _connection_page(request, connection))


def _connection_page(request, connection, **forms) -> dict:
    user = request.user
    return {
        "connection": selectors.connection_as_seen(user, connection),
        "can_decide": policy.can_decide_connection(user, connection)
        and connection.status == Connection.Status.PENDING,
        "can_record": policy.can_record_connection(user, connection),
        "answer_form": forms.get("answer_form") or ConnectionAnswerForm(),
        "record_form": forms.get("record_form") or ConnectionRecordForm(),
    }


@login_required
def connection_create(request, pk):
    """Ask the city of project `pk` (a peer) to connect."""
    project = _project(request, pk)
    allow(request, policy.can_request_connection(request.user))
    own = Project.objects.filter(plan__city=request.user.city_id).order_by("title")
    form = ConnectionForm(_posted(request), own_projects=own)
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.connection_request(
                actor=request.user,
                to_project=project,
                from_project=form.cleaned_data["from_project"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the other city."))
            return redirect(connection.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "project": project, "peers_city": project.plan.city}
    return render(request, "learning/connection_form.html", context, status=status)


def _answer(request, pk, service, success):
    connection = _connection(request, pk)
    form = ConnectionAnswerForm(request.POST)
    if form.is_valid():
        try:
            service(connection=connection, actor=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        page = _connection_page(request, connection, answer_form=form)
        return render(request, "learning/connection_detail.html", page, status=400)
    messages.success(request, success)
    return redirect(connection.get_absolute_url())


@login_required
@require_POST
def connection_accept(request, pk):
    return _answer(request, pk, services.connection_accept, _("You accepted the request."))


@login_required
@require_POST
def connection_decline(request, pk):
    return _answer(request, pk, services.connection_decline, _("You declined the request."))


@login_required
@require_POST
def connection_record(request, pk):
    connection = _connection(request, pk)
    allow(request, policy.is_connection_party(request.user, connection))
    form = ConnectionRecordForm(request.POST)
    if form.is_valid():
        try:
            services.connection_record(
                connection=connection,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        page = _connection_page(request, connection, record_form=form)
        return render(request, "learning/connection_detail.html", page, status=400)
    messages.success(request, _("What came of the connection was recorded."))
    return redirect(connection.get_absolute_url())
