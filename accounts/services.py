"""Writes of a person's own account settings (the password and two-factor steps have their
own modules: Django's views and accounts.two_factor)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from core import policy


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
