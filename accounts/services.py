"""Writes on accounts that are not a person's own doing."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts.models import SYSTEM_USERNAME, User


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
