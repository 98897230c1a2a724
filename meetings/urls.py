from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/calendar.ics", views.calendar_feed, name="calendar"),
    path("meetings/new/", views.meeting_create, name="create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_calendar"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/agenda/new/", views.agenda_item_create, name="agenda_item_create"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/edit/",
        views.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/delete/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/move/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path("meetings/<int:pk>/participants/", views.participants_edit, name="participants"),
    path("meetings/<int:pk>/documents/new/", views.document_create, name="document_create"),
    path(
        "meetings/<int:pk>/documents/<int:document_pk>/edit/",
        views.document_edit,
        name="document_edit",
    ),
    path(
        "meetings/<int:pk>/documents/<int:document_pk>/delete/",
        views.document_delete,
        name="document_delete",
    ),
    path("meetings/<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path(
        "meetings/<int:pk>/decisions/<int:decision_pk>/edit/",
        views.decision_edit,
        name="decision_edit",
    ),
    path("decisions/<int:pk>/follow-up/", views.decision_follow_up, name="decision_follow_up"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
