"""What signing in starts: the idle-timeout clock, and (for ASEC staff and administrators) the
two-factor step, asked again at every sign-in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts import two_factor
from accounts.middleware import session_touch


@receiver(user_logged_in, dispatch_uid="accounts.signed_in")
def signed_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    two_factor.forget_verification(session)
    session_touch(session)
