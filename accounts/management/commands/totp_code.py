"""`manage.py totp_code USERNAME`: the code a demo account's authenticator shows now (DEBUG only).

The demo accounts `asec` and `admin` sign in with two factors; their authenticator's secret is in
the README. This prints its current code for whoever runs the demo without an app at hand.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a user's authenticator (only with DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("totp_code is for the demo: it refuses to run when DEBUG is off.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(f"{username} has no authenticator yet: sign in once to set one up.")
        self.stdout.write(two_factor.current_code(device))
