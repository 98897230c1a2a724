from django.urls import path

from partners.views import applications, directory, manage, marketplace

app_name = "partners"

urlpatterns = [
    path("partners/", directory.partner_list, name="list"),
    path("partners/me/interests/", marketplace.my_interests, name="my_interests"),
    path("partners/me/recommended/", directory.recommended, name="recommended"),
    path(
        "partners/for-city/<slug:slug>/",
        directory.city_recommendations,
        name="city_recommendations",
    ),
    path("partners/new/", manage.partner_create, name="create"),
    path("partners/apply/", applications.provider_apply, name="apply"),
    path("partners/applications/", applications.provider_applications, name="applications"),
    path(
        "partners/applications/<int:pk>/approve/",
        applications.provider_application_approve_view,
        name="application_approve",
    ),
    path(
        "partners/applications/<int:pk>/decline/",
        applications.provider_application_decline_view,
        name="application_decline",
    ),
    path("partners/<slug:slug>/users/", manage.partner_users, name="users"),
    path("partners/<slug:slug>/portfolio/", directory.partner_portfolio, name="portfolio"),
    path(
        "partners/<slug:slug>/users/<int:pk>/deactivate/",
        manage.partner_user_deactivate_view,
        name="user_deactivate",
    ),
    path("partners/<slug:slug>/", directory.partner_detail, name="detail"),
    path("partners/<slug:slug>/edit/", directory.partner_edit, name="edit"),
    path("twinnings/", directory.twinning_list, name="twinnings"),
    path("twinnings/new/", directory.twinning_create, name="twinning_create"),
    path("twinnings/<int:pk>/edit/", directory.twinning_edit, name="twinning_edit"),
    path("opportunities/", marketplace.opportunity_list, name="opportunities"),
    path("opportunities/new/", marketplace.opportunity_create, name="opportunity_create"),
    path("opportunities/inbox/", marketplace.inbox, name="inbox"),
    path("opportunities/<int:pk>/", marketplace.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/edit/", marketplace.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/close/", marketplace.opportunity_close, name="opportunity_close"),
    path("opportunities/<int:pk>/interest/", marketplace.interest_create, name="interest_create"),
    path("interests/<int:pk>/accept/", marketplace.interest_accept, name="interest_accept"),
    path("interests/<int:pk>/decline/", marketplace.interest_decline, name="interest_decline"),
    path("interests/<int:pk>/withdraw/", marketplace.interest_withdraw, name="interest_withdraw"),
]
