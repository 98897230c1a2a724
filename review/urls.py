from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("flags/<int:pk>/answer/", views.flag_answer, name="flag_answer"),
    path("flags/<int:pk>/file/", views.flag_file, name="flag_file"),
    path("submissions/<int:pk>/", views.submission_review, name="submission"),
    path("submissions/<int:pk>/queries/new/", views.query_open, name="query_open"),
    path("queries/<int:pk>/", views.query_detail, name="query"),
    path("queries/<int:pk>/resolve/", views.query_resolve, name="query_resolve"),
    path("changes/", views.changes_page, name="changes"),
]
