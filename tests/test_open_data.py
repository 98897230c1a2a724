import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests import factories as f


def test_open_data_has_public_data_and_no_draft_plans(da_nang, bangkok, asec_user, tmp_path):
    published = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), title="Published works")
    f.publish_as_is(published.plan, asec_user, revision=1)
    f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok), title="Secret draft")
    target = tmp_path / "open.zip"
    call_command("export_open_data", str(target))
    archive = zipfile.ZipFile(target)
    assert {"csv/cities.csv", "json/projects.json", "README.txt"} <= set(archive.namelist())
    projects = json.loads(archive.read("json/projects.json"))
    assert [p["title"] for p in projects] == ["Published works"]
    cities = archive.read("csv/cities.csv").decode()
    assert "Đà Nẵng" in cities and "bangkok" in cities


@pytest.mark.django_db
def test_open_data_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_open_data", str(tmp_path / "nope" / "x.zip"))
