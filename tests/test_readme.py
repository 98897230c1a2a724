"""The README stays true to the code: two commands to start, every setting documented."""

import re

from django.conf import settings


def readme() -> str:
    return (settings.BASE_DIR / "README.md").read_text()


def section(title: str) -> str:
    text = readme()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_quick_start_is_make_system_deps_once_then_make_run_and_make_test():
    commands = re.findall(r"```sh\n(.*?)```", section("Quick start"), flags=re.DOTALL)

    assert [command.strip() for command in commands] == [
        "make system-deps",
        "make run",
        "make test",
    ]


def test_every_environment_variable_the_settings_read_is_in_the_configuration_table():
    source = (settings.BASE_DIR / "ascn_portal" / "settings.py").read_text()
    read = set(re.findall(r'\benv_\w+\(\s*"([A-Z][A-Z0-9_]*)"', source))
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section("Configuration"), re.M))

    assert read - documented == set(), "settings read variables the README does not explain"
    assert documented - read == set(), "the README explains variables settings do not read"


DEMO_ACCOUNTS = (
    "admin",
    "asec",
    "nr-vn",
    "nr-th",
    "csco-da-nang",
    "official-da-nang",
    "official-bangkok",
    "partner-adb",
)


def test_every_demo_account_of_the_spec_is_listed_with_the_demo_password():
    quick_start = section("Quick start")

    for username in DEMO_ACCOUNTS:
        assert f"| `{username}` |" in quick_start, username
    assert "`ascn-demo`" in quick_start
