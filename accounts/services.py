"""Writes on accounts: the system account the command line acts as, and a person's own account
settings (the password and two-factor steps have their own modules: Django's views and
accounts.two_factor)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import SYSTEM_USERNAME, User
from core import policy


def system_user() -> User:
    """The account the command line acts as, created on first use, so that history names the
    system rather than nobody. It can never sign in: inactive (the backends, the API tokens and
    password reset all refuse inactive accounts) and without a usable password."""
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=SYSTEM_USERNAME,
            defaults={"first_name": "ASCN Portal", "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    if not user.is_system or user.has_usable_password():
        raise ImproperlyConfigured(
            f"The account '{SYSTEM_USERNAME}' belongs to a person who can sign in; rename it so "
            "that the portal can act under this name."
        )
    return user


def user_language_set(*, user: User, actor: User, language: str) -> User:
    """The language the portal's e-mail to `user` is written in ("" for the default, English)."""
    if not policy.can_edit_account_settings(actor, user):
        raise PermissionDenied(_("You may not do this."))
    if language not in {"", *dict(settings.LANGUAGES)}:
        raise ValidationError({"language": _("Choose one of the portal's languages.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
