"""The two-factor step of signing in (ASEC staff and administrators): enrol an authenticator app
once, then enter its code after each password sign-in."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import services, two_factor
from accounts.forms import CodeForm, LanguageForm, PasswordResetForm
from core import policy
from core.api.throttles import PasswordResetAddressThrottle, PasswordResetClientThrottle


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


@login_required
def account(request):
    """The signed-in person's account: who they are in the portal, the language of their
    e-mail, and the ways to their password and two-factor settings."""
    initial = {"language": request.user.language or settings.LANGUAGE_CODE}
    form = LanguageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_language_set(
                user=request.user, actor=request.user, language=form.cleaned_data["language"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your settings were saved."))
            return redirect("account")
    return render(request, "accounts/account.html", {"form": form})


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_verify(request):
    next_url = _next_url(request)
    if not policy.requires_two_factor(request.user) or two_factor.is_verified(request):
        return redirect(next_url)
    if not two_factor.has_device(request.user):
        return redirect(_with_next("two_factor_setup", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.check_code(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            two_factor.mark_verified(request)
            return redirect(next_url)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_setup(request):
    next_url = _next_url(request)
    if not policy.requires_two_factor(request.user):
        return redirect(next_url)
    if two_factor.has_device(request.user):
        # A second app, or a new phone, is an administrator's call: they remove the old device in
        # the admin (OTP_TOTP · TOTP devices) and the user enrols again at the next sign-in.
        return redirect(_with_next("two_factor_verify", next_url))
    key = request.session.get(two_factor.PENDING_KEY_SESSION_KEY)
    if not key:
        key = request.session[two_factor.PENDING_KEY_SESSION_KEY] = two_factor.new_secret_key()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.enrol(user=request.user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            two_factor.mark_verified(request)
            messages.success(
                request, _("Two-factor sign-in is set up. Keep the app: you need it each time.")
            )
            return redirect(next_url)
    uri = two_factor.provisioning_uri(request.user, key)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": two_factor.qr_svg(
                uri, label=_("QR code to scan with your authenticator app")
            ),
            "secret": two_factor.readable_secret(key),
        },
    )


def lockout(request, original_response=None, credentials=None):
    """What a sign-in to a locked account gets (django-axes' AXES_LOCKOUT_CALLABLE): the web form
    and the admin show this page; the API answers 429 itself (accounts.api)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "accounts/lockout.html",
        {"minutes": seconds // 60, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset page, limited per e-mail address and per client address. The
    limits count every request, for an address with an account or without, so the answer still
    tells nothing about which addresses exist."""

    form_class = PasswordResetForm
    throttles = (PasswordResetAddressThrottle, PasswordResetClientThrottle)

    def form_valid(self, form):
        refused = [
            t for t in (cls() for cls in self.throttles) if not t.allow_request(self.request, self)
        ]
        if refused:
            minutes = max(1, -(-int(max(t.wait() or 0 for t in refused)) // 60))
            form.add_error(
                None,
                _(
                    "Too many password reset requests. Try again in %(minutes)s minutes, or ask "
                    "ASEC for help."
                )
                % {"minutes": minutes},
            )
            return self.form_invalid(form)
        return super().form_valid(form)
