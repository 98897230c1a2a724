from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("case-studies/", views.library, name="library"),
    path("case-studies/review/", views.review_queue, name="review"),
    path("case-studies/<int:pk>/", views.case_study_detail, name="case_study"),
    path("case-studies/<int:pk>/edit/", views.case_study_edit, name="case_study_edit"),
    path("case-studies/<int:pk>/submit/", views.case_study_submit, name="case_study_submit"),
    path("case-studies/<int:pk>/publish/", views.case_study_publish, name="case_study_publish"),
    path("case-studies/<int:pk>/return/", views.case_study_return, name="case_study_return"),
    path("case-studies/<int:pk>/files/", views.case_study_file_add, name="case_study_file_add"),
    path("case-study-files/<int:pk>/", views.case_study_file, name="case_study_file"),
    path(
        "case-study-files/<int:pk>/delete/",
        views.case_study_file_delete,
        name="case_study_file_delete",
    ),
    path("projects/<int:pk>/case-study/", views.case_study_create, name="case_study_create"),
    path("projects/<int:pk>/connect/", views.connection_create, name="connection_create"),
    path("connections/", views.connections, name="connections"),
    path("connections/<int:pk>/", views.connection_detail, name="connection"),
    path("connections/<int:pk>/accept/", views.connection_accept, name="connection_accept"),
    path("connections/<int:pk>/decline/", views.connection_decline, name="connection_decline"),
    path("connections/<int:pk>/record/", views.connection_record, name="connection_record"),
]
