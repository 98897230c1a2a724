from django.urls import path

from reports.views import annual_report as report_views
from reports.views import dashboards as views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.network, name="dashboard"),
    path("dashboard/countries/<str:code>/", views.country, name="country"),
    path("dashboard/focus-areas/<slug:code>/", views.focus_area, name="focus_area"),
    path("dashboard/cities/<slug:slug>/", views.city, name="city"),
    path("dashboard/completeness/", views.completeness, name="completeness"),
    path("dashboard/completeness/remind/", views.remind, name="remind"),
    path("progress/", views.public_progress, name="progress"),
]

urlpatterns += [
    path("reports/", report_views.report_list, name="list"),
    path("reports/schema.json", report_views.report_schema, name="schema"),
    path("reports/<int:pk>/", report_views.report_detail, name="detail"),
    path(
        "reports/narrative/<int:year>/<str:language>/",
        report_views.report_narrative,
        name="narrative",
    ),
    path("reports/<int:pk>/status/", report_views.report_status, name="status"),
    path("reports/<int:pk>/view/", report_views.report_view, name="view"),
    path("reports/<int:pk>/publish/", report_views.report_publish, name="publish"),
    path("reports/<int:pk>/files/<str:kind>/", report_views.report_file, name="file"),
]
