from django.urls import path

from action_plans.views import plans as views
from action_plans.views import projects as views_projects
from action_plans.views import reporting as views_time
from action_plans.views.project_files import project_export, project_import

app_name = "action_plans"

urlpatterns = [
    # Plans, their workflow and history
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="edit"),
    path("plans/<int:pk>/history/", views.plan_history_view, name="history"),
    path("plans/<int:pk>/submit/", views.plan_transition, {"step": "submit"}, name="submit"),
    path("plans/<int:pk>/endorse/", views.plan_transition, {"step": "endorse"}, name="endorse"),
    path("plans/<int:pk>/return/", views.plan_transition, {"step": "return"}, name="return"),
    path("plans/<int:pk>/publish/", views.plan_transition, {"step": "publish"}, name="publish"),
    path("review/", views.review_queue, name="review"),
    path("my-city/", views.my_city, name="my_city"),
    # Projects, milestones, indicators
    path("plans/<int:pk>/projects/new/", views_projects.project_create, name="project_create"),
    path("projects/<int:pk>/", views_projects.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views_projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/funding/", views_projects.project_funding, name="project_funding"),
    path("projects/<int:pk>/delete/", views_projects.project_delete, name="project_delete"),
    path("projects/<int:pk>/move/", views_projects.project_move, name="project_move"),
    path(
        "projects/<int:pk>/milestones/new/",
        views_projects.milestone_create,
        name="milestone_create",
    ),
    path("milestones/<int:pk>/edit/", views_projects.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", views_projects.milestone_delete, name="milestone_delete"),
    path(
        "projects/<int:pk>/indicators/new/",
        views_projects.indicator_create,
        name="indicator_create",
    ),
    path("indicators/<int:pk>/edit/", views_projects.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views_projects.indicator_delete, name="indicator_delete"),
    # Yearly progress and its evidence
    path(
        "projects/<int:pk>/progress/<int:year>/",
        views_projects.progress_edit,
        name="progress",
    ),
    path("evidence/<int:pk>/", views_projects.evidence_download, name="evidence"),
]

# Time: reporting cycles, submissions, plan periods, ASCAP (views_time.py)
urlpatterns += [
    path("reporting/", views_time.cycle_list, name="cycles"),
    path("reporting/<int:year>/", views_time.cycle_detail, name="cycle"),
    path("reporting/<int:year>/dates/", views_time.cycle_dates, name="cycle_dates"),
    path("reporting/<int:year>/open/", views_time.cycle_open, name="cycle_open"),
    path("reporting/<int:year>/close/", views_time.cycle_close, name="cycle_close"),
    path(
        "submissions/<int:pk>/submit/",
        views_time.submission_step,
        {"step": "submit"},
        name="submission_submit",
    ),
    path(
        "submissions/<int:pk>/accept/",
        views_time.submission_step,
        {"step": "accept"},
        name="submission_accept",
    ),
    path(
        "submissions/<int:pk>/return/",
        views_time.submission_step,
        {"step": "return"},
        name="submission_return",
    ),
    path("submissions/<int:pk>/reopen/", views_time.submission_reopen, name="submission_reopen"),
    path("my-report/", views_time.my_report, name="my_report"),
    path("periods/", views_time.period_list, name="periods"),
    path("periods/<slug:code>/", views_time.period_detail, name="period"),
    path("periods/<slug:code>/start/", views_time.period_start, name="period_start"),
    path("close-outs/<int:pk>/", views_time.close_out, name="close_out"),
    path("ascap/", views_time.ascap_page, name="ascap"),
    path("ascap/<int:pk>/edit/", views_time.ascap_edit, name="ascap_edit"),
]

# Project import and export (views_import.py)
urlpatterns += [
    path("projects/import/", project_import, name="import"),
    path("projects/export.csv", project_export, {"file_format": "csv"}, name="export_csv"),
    path("projects/export.xlsx", project_export, {"file_format": "xlsx"}, name="export_xlsx"),
]
