"""The portal's settings with the benchmark's URLs (the floor views live in bench/, not the
portal)."""

from ascn_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.web.urls"
