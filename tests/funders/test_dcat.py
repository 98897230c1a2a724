"""The open-data catalogue in DCAT-AP JSON-LD: every dataset described with its licence,
publisher, period and distributions, which download what the public may read."""

import json

import pytest

from reports.open_data.dcat import DESCRIPTIONS

URL = "/open-data/catalog.jsonld"


@pytest.fixture
def catalog(world, client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def test_catalog_describes_every_dataset(catalog, settings):
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    datasets = {d["dct:identifier"]: d for d in catalog["dcat:dataset"]}
    assert set(datasets) == set(DESCRIPTIONS)
    for dataset in datasets.values():
        assert dataset["dct:title"]["@value"]
        assert dataset["dct:description"]["@value"]
        assert dataset["dct:license"]["@id"] == settings.OPEN_DATA_LICENSE
        assert dataset["dct:publisher"]["foaf:name"] == "ASEAN Secretariat"
        formats = [d["dct:format"] for d in dataset["dcat:distribution"]]
        assert formats == ["CSV", "JSON"]


def test_temporal_coverage_comes_from_the_rows(catalog):
    projects = next(d for d in catalog["dcat:dataset"] if d["dct:identifier"] == "projects")
    period = projects["dct:temporal"]
    assert period["dcat:startDate"]["@value"] <= period["dcat:endDate"]["@value"]


def test_distributions_download_published_data_only(catalog, client, settings):
    projects = next(d for d in catalog["dcat:dataset"] if d["dct:identifier"] == "projects")
    for distribution in projects["dcat:distribution"]:
        path = distribution["dcat:downloadURL"]["@id"].removeprefix(settings.PORTAL_URL)
        response = client.get(path)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Bangkok flood sensors" in text
        assert "Da Nang smart traffic" not in text  # a draft plan's project


@pytest.mark.parametrize("path", ["/open-data/nothing.csv", "/open-data/projects.xml"])
def test_unknown_dataset_or_format_is_not_found(world, client, path):
    assert client.get(path).status_code == 404
