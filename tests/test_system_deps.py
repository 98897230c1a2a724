"""What `make test` needs from the system is one list (bin/system-deps): `make test` checks it
first and stops naming what is missing, `make system-deps` and CI install it, the README names
it. Fonts are not on it: they come from PyPI (tests/reports/test_report_fonts.py)."""

import re
import subprocess

import pytest
from django.conf import settings

BASE = settings.BASE_DIR
SCRIPT = BASE / "bin" / "system-deps"
# A dpkg-query that knows every package but the ones named in NOT_INSTALLED.
FAKE_DPKG_QUERY = """#!/bin/sh
for package; do :; done
case " $NOT_INSTALLED " in *" $package "*) exit 1 ;; esac
printf 'install ok installed'
"""


def listed_packages() -> list[str]:
    block = re.search(r"^PACKAGES=\((.*?)^\)", SCRIPT.read_text(), re.M | re.S)[1]
    return block.split()


def check(tmp_path, not_installed: str) -> subprocess.CompletedProcess:
    fake = tmp_path / "dpkg-query"
    fake.write_text(FAKE_DPKG_QUERY)
    fake.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "NOT_INSTALLED": not_installed}
    return subprocess.run(
        [SCRIPT, "check"], env=env, capture_output=True, text=True, timeout=30, check=False
    )


def test_the_list_is_chromium_gettext_and_weasyprints_libraries_without_fonts():
    packages = listed_packages()
    assert {"chromium", "gettext", "libpango-1.0-0", "libharfbuzz-subset0"} <= set(packages)
    assert not [package for package in packages if package.startswith("fonts-")]


def test_the_check_passes_when_every_package_is_installed(tmp_path):
    assert check(tmp_path, not_installed="").returncode == 0


@pytest.mark.parametrize("absent", ["chromium", "gettext libharfbuzz-subset0"])
def test_the_check_fails_naming_what_is_missing_and_the_command_that_installs_it(tmp_path, absent):
    result = check(tmp_path, not_installed=absent)
    assert result.returncode == 1
    assert f"not installed: {absent}\n" in result.stderr
    assert "make system-deps" in result.stderr
    assert f"sudo apt-get install --no-install-recommends {' '.join(listed_packages())}" in (
        result.stderr
    )


def test_make_test_runs_the_check_before_anything_else():
    makefile = (BASE / "Makefile").read_text()
    assert re.search(r"^test: check-system ", makefile, re.M)
    assert "bin/system-deps check" in makefile and "bin/system-deps install" in makefile


def test_ci_installs_through_make_system_deps_and_keeps_no_list_of_its_own():
    ci = (BASE / ".ci" / "run").read_text()
    assert "make system-deps" in ci
    assert "APT_PACKAGES" not in ci and "fonts-" not in ci


def test_the_readme_quick_start_names_every_package_of_the_list():
    readme = (BASE / "README.md").read_text()
    quick_start = readme[readme.index("\n## Quick start\n") : readme.index("\n### Demo accounts")]
    command = f"sudo apt-get install --no-install-recommends {' '.join(listed_packages())}"
    assert command in " ".join(quick_start.split())
