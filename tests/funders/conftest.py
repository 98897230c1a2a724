"""The API tests' clients and small world, for the funders' features."""

import pytest

from tests.api.conftest import api, civic, infrastructure, world  # noqa: F401


@pytest.fixture
def api_client_for(api):  # noqa: F811 - the API tests' client maker under a clearer name
    return api
