from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.city_list, name="list"),
    path("cities/<slug:slug>/", views.city_detail, name="detail"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("directory/", views.directory, name="appointments"),
    path("directory/new/", views.appointment_add, name="appointment_add"),
    path("directory/<int:pk>/edit/", views.appointment_correct, name="appointment_correct"),
    path("directory/<int:pk>/end/", views.appointment_end, name="appointment_end"),
    path(
        "directory/proposals/<int:pk>/confirm/",
        views.proposal_decide,
        {"decision": "confirm"},
        name="proposal_confirm",
    ),
    path(
        "directory/proposals/<int:pk>/decline/",
        views.proposal_decide,
        {"decision": "decline"},
        name="proposal_decline",
    ),
]
