#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now to report a bad environment
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}\nSee the configuration table in README.md.")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
