from django.urls import include, path

from accounts import views

urlpatterns = [
    # Before Django's own: limited, and its e-mail leaves through the mail task.
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
    path("settings/", views.account, name="account"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
]
