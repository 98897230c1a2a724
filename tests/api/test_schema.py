"""`GET /api/schema/` is a complete, valid OpenAPI 3 document; `/api/docs/` needs no CDN."""

import re

import pytest
import yaml
from django.core.management import call_command

from tests.api.test_reads import COLLECTIONS


def test_spectacular_validates_the_schema_without_a_single_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_names_every_collection_of_the_contract(schema):
    paths = schema["paths"]

    for collection in COLLECTIONS:
        assert f"/api/{collection}/" in paths, collection
    assert "/api/countries/{code}/" in paths
    assert "/api/cities/{slug}/" in paths
    assert "/api/partners/{slug}/" in paths
    assert "/api/focus-areas/{code}/" in paths
    for step in ("submit", "endorse", "return", "publish"):
        assert f"/api/action-plans/{{id}}/{step}/" in paths
    assert "/api/partners/{slug}/recommendations/" in paths
    assert "/api/cities/{slug}/recommendations/" in paths
    assert "post" in paths["/api/auth/token/"]
    assert "post" in paths["/api/reports/"]


def test_schema_documents_errors_conflicts_and_exports(schema):
    project = schema["paths"]["/api/projects/{id}/"]
    listing = schema["paths"]["/api/projects/"]["get"]

    assert {"400", "401", "403", "404", "409"} <= set(project["patch"]["responses"])
    assert {"text/csv", "application/json"} <= set(listing["responses"]["200"]["content"])
    assert "format" in {parameter["name"] for parameter in listing["parameters"]}


def test_docs_page_loads_only_the_portals_own_assets(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses, html
    for address in addresses:
        assert address.startswith("/"), address
        assert not address.startswith("//"), address
    assert "<script>" not in html  # the set-up script is a file too (strict CSP)


def test_docs_scripts_and_styles_are_served_by_the_portal(client, db):
    html = client.get("/api/docs/").content.decode()

    for address in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert client.get(address).status_code == 200, address


def test_docs_set_up_script_names_no_outside_host(client, db):
    response = client.get("/api/docs/?script=")

    script = response.content.decode()
    assert response.status_code == 200
    assert '"validatorUrl": null' in script
    assert "http://" not in script and "https://" not in script
