"""Two-factor sign-in in tests.

Most tests sign people in to test something else; for them a sign-in (force_login, the login
form, even in the browser against the live server) stands for the whole sign-in, two-factor step
included: `tests/conftest.py` marks such sessions verified. Tests of the two-factor step itself
ask for the `real_two_factor` fixture, which turns that off.
"""

from django.contrib.auth.signals import user_logged_in

from accounts import two_factor

DISPATCH_UID = "tests.two_factor.signed_in_with_both_factors"


def _verified(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[two_factor.VERIFIED_SESSION_KEY] = user.pk


def pass_two_factor_on_sign_in():
    """Every sign-in from now on counts as having given the code too; returns the undo."""
    user_logged_in.connect(_verified, dispatch_uid=DISPATCH_UID, weak=False)
    return lambda: user_logged_in.disconnect(dispatch_uid=DISPATCH_UID)


def verified_login(client, user):
    """force_login, and the session marked as having passed the two-factor step: for tests that
    use `real_two_factor` but need a fully signed-in staff member."""
    client.force_login(user)
    session = client.session
    session[two_factor.VERIFIED_SESSION_KEY] = user.pk
    session.save()
    return client
