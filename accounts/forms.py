from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from core.mail import mail_send


class CodeForm(forms.Form):
    """The six digits an authenticator app shows (spaces allowed, as some apps display them)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits; a new code appears every 30 seconds."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits your app shows."), code="format")
        return code


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, but the e-mail leaves through the portal's mail task, which makes the link
    (core/mail.py): a mail server that is down does not break the page."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or request.get_host()
        protocol = "https" if use_https else "http"
        for user in self.get_users(self.cleaned_data["email"]):
            mail_send(
                compose=f"{__name__}.password_reset_mail",
                args=[user.pk, domain, protocol],
                user_ids=[user.pk],
            )


def password_reset_mail(user_id: int, domain: str, protocol: str) -> tuple[str, str] | None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject = render_to_string("registration/password_reset_subject.txt", context)
    body = render_to_string("registration/password_reset_email.html", context)
    return "".join(subject.splitlines()), body


class LanguageForm(forms.Form):
    """The language of the portal's e-mail to the signed-in person (reminders, notices)."""

    language = forms.ChoiceField(
        label=_("Language of your e-mail"),
        help_text=_("Reminders and notices from the portal are written in it."),
        choices=settings.LANGUAGES,
    )
