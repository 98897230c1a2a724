"""Sign-in pages: open to everyone by design (the credentials or the reset token decide)."""

from tests.factories import PASSWORD
from tests.matrix.spec import OK, ReadOnly, Write, everyone, signed_in

NEW_PASSWORD = "lantern-harbour-river-42"

URLS = {
    "login": Write(
        setup=lambda world, city: world.persona("official-da-nang"),
        kwargs=lambda user: {},
        data=lambda user: {"username": user.username, "password": PASSWORD},
        expect=everyone(OK),
    ),
    "logout": Write(kwargs=lambda target: {}, expect=everyone(OK)),
    "password_change": Write(
        kwargs=lambda target: {},
        data=lambda target: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        expect=signed_in(OK),
    ),
    "password_change_done": ReadOnly(),
    "password_reset": Write(
        kwargs=lambda target: {},
        data=lambda target: {"email": "x@example.org"},
        expect=everyone(OK),
    ),
    "password_reset_done": ReadOnly(),
    # The token is the authority: a wrong one shows "this link no longer works" to anyone.
    "password_reset_confirm": Write(
        kwargs=lambda target: {"uidb64": "MQ", "token": "wrong-token"},
        data=lambda target: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        expect=everyone(OK),
    ),
    "password_reset_complete": ReadOnly(),
    # The two-factor step (accounts/views.py): a session that passed it, or needs none, moves on.
    "two_factor_verify": Write(kwargs=lambda target: {}, expect=signed_in(OK)),
    "two_factor_setup": Write(kwargs=lambda target: {}, expect=signed_in(OK)),
    # Each signed-in person's own settings: nobody else's account is addressable here.
    "account": Write(
        kwargs=lambda target: {},
        data=lambda target: {"language": "vi"},
        expect=signed_in(OK),
    ),
}
