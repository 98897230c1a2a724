"""bin/audit: what it counts as vulnerable, audited, not audited, and when it fails."""

from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(scope="module")
def audit():
    path = Path(settings.BASE_DIR) / "bin" / "audit"
    loader = SourceFileLoader("bin_audit", str(path))
    module = module_from_spec(spec_from_loader("bin_audit", loader))
    loader.exec_module(module)
    return module


PROJECTS = {
    "django": {"info": {"version": "6.1.3"}, "vulnerabilities": []},
    "qrcode": {"info": {"version": "8.2"}, "vulnerabilities": []},
    "oldlib": {
        "info": {"version": "1.0"},
        "vulnerabilities": [
            {"id": "PYSEC-1", "fixed_in": ["1.1"], "aliases": [], "withdrawn": None},
            {"id": "PYSEC-0", "fixed_in": ["0.9"], "aliases": [], "withdrawn": "2024-01-01"},
        ],
    },
}


def fetch(name):
    return PROJECTS.get(name)


def not_found(name, version):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name} ({version})"}


def test_pip_audit_findings_are_vulnerabilities(audit):
    found = {"name": "x", "version": "1", "vulns": [{"id": "GHSA-1", "fix_versions": ["2"]}]}
    report = audit.audit([found, {"name": "y", "version": "3", "vulns": []}], fetch)

    assert [e["name"] for e in report["vulnerable"]] == ["x"]
    assert [e["name"] for e in report["audited"]] == ["y"]
    assert audit.exit_status(report, strict=False) == audit.VULNERABLE


def test_the_newest_release_is_checked_against_the_projects_data_when_pip_audit_cannot(audit):
    report = audit.audit([not_found("qrcode", "8.2"), not_found("oldlib", "1.0")], fetch)

    assert [e["name"] for e in report["audited"]] == ["qrcode"]
    assert report["vulnerable"] == [
        {
            "name": "oldlib",
            "version": "1.0",
            "vulns": [{"id": "PYSEC-1", "fix_versions": ["1.1"], "aliases": []}],
        }
    ]


def test_an_older_release_without_data_is_listed_as_not_audited(audit):
    report = audit.audit([not_found("django", "5.2.19"), not_found("qrcode", "8.2")], fetch)

    assert report["not_audited"] == ["django 5.2.19 (a newer release exists)"]
    assert audit.exit_status(report, strict=False) == audit.OK
    assert audit.exit_status(report, strict=True) == audit.INCOMPLETE


def test_the_editable_portal_itself_is_skipped(audit):
    editable = {"name": "ascn-portal", "skip_reason": "distribution marked as editable"}

    report = audit.audit([editable, not_found("qrcode", "8.2")], fetch)

    assert report["skipped"] == ["ascn-portal (distribution marked as editable)"]


def test_no_data_at_all_is_offline_not_a_pass(audit):
    report = audit.audit([not_found("qrcode", "8.2")], lambda name: None)

    assert report["not_audited"] == ["qrcode 8.2 (no data)"]
    assert audit.exit_status(report, strict=False) == audit.OFFLINE
