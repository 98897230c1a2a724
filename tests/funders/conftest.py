"""The API tests' clients and small world, for the funders' features."""

from tests.api.conftest import api, civic, infrastructure, world  # noqa: F401
