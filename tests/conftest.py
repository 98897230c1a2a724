"""Named personas (STYLE.md) and shared fixtures.

Cities and countries are the real ones, created with the few fields the tests need; people are
fictional. Every persona's password is `factories.PASSWORD`.
"""

import os
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from accounts.models import Role
from core.cache import new_generation as public_data_changed_now
from tests import factories as f
from tests.real_services import *  # noqa: F403 - the Celery worker fixture, the CI check


@pytest.fixture
def viet_nam(db):
    return f.CountryFactory(code="VN", name="Viet Nam", asean_member_since=1995)


@pytest.fixture
def thailand(db):
    return f.CountryFactory(code="TH", name="Thailand", asean_member_since=1967)


@pytest.fixture
def da_nang(viet_nam):
    return f.CityFactory(
        slug="da-nang",
        name="Da Nang",
        local_name="Đà Nẵng",
        country=viet_nam,
        latitude="16.0678",
        longitude="108.2208",
    )


@pytest.fixture
def bangkok(thailand):
    return f.CityFactory(
        slug="bangkok",
        name="Bangkok",
        local_name="กรุงเทพมหานคร",
        country=thailand,
        is_capital=True,
        latitude="13.754",
        longitude="100.5014",
    )


@pytest.fixture
def adb(db):
    return f.PartnerFactory(
        slug="asian-development-bank", name="Asian Development Bank", kind="development_bank"
    )


@pytest.fixture
def da_nang_official(da_nang):
    return f.UserFactory(username="official-da-nang", role=Role.CITY_OFFICIAL, city=da_nang)


@pytest.fixture
def da_nang_csco(da_nang):
    return f.UserFactory(username="csco-da-nang", role=Role.CSCO, city=da_nang)


@pytest.fixture
def bangkok_official(bangkok):
    return f.UserFactory(username="official-bangkok", role=Role.CITY_OFFICIAL, city=bangkok)


@pytest.fixture
def viet_nam_rep(viet_nam):
    return f.UserFactory(username="nr-vn", role=Role.NATIONAL_REP, country=viet_nam)


@pytest.fixture
def thailand_rep(thailand):
    return f.UserFactory(username="nr-th", role=Role.NATIONAL_REP, country=thailand)


@pytest.fixture
def asec_user(db):
    return f.UserFactory(username="asec", role=Role.ASEC)


@pytest.fixture
def partner_user(adb):
    return f.UserFactory(username="partner-adb", role=Role.PARTNER, partner=adb)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def personas(
    da_nang_official,
    da_nang_csco,
    bangkok_official,
    viet_nam_rep,
    thailand_rep,
    asec_user,
    partner_user,
    anonymous,
):
    """Every persona by name, for role × action matrices."""
    return {
        "official-da-nang": da_nang_official,
        "csco-da-nang": da_nang_csco,
        "official-bangkok": bangkok_official,
        "nr-vn": viet_nam_rep,
        "nr-th": thailand_rep,
        "asec": asec_user,
        "partner-adb": partner_user,
        "anonymous": anonymous,
    }


@pytest.fixture
def client_for():
    """A logged-in test client for a persona (anonymous gets a plain client)."""

    def make(user):
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def da_nang_plan(da_nang):
    return f.ActionPlanFactory(city=da_nang)


@pytest.fixture
def bangkok_plan(bangkok):
    return f.ActionPlanFactory(city=bangkok)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the real hasher is slow on purpose and proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def api_throttles_out_of_reach(settings):
    """The API throttles per client, and every test client is one address: keep the throttles
    on, at rates no test reaches. Tests of throttling set low rates themselves."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "1000000/minute",
            "user": "1000000/minute",
            "auth": "1000000/minute",
            "password_reset_address": "1000000/minute",
            "password_reset_client": "1000000/minute",
            "provider_application": "1000000/minute",
        },
    }


@pytest.fixture(autouse=True, scope="session")
def _public_cache_off_by_default():
    """Off for the whole session too, so that module- and session-scoped set-ups (the browser
    sweeps) see every page rendered, not served from the cache; `public_cache` below turns it on
    for the tests marked so."""
    from django.conf import settings as django_settings

    before = django_settings.PUBLIC_CACHE_SECONDS
    django_settings.PUBLIC_CACHE_SECONDS = 0
    yield
    django_settings.PUBLIC_CACHE_SECONDS = before


@pytest.fixture(autouse=True)
def public_cache(request, settings):
    """The cache of public pages (core/cache.py) is off unless a test asks for it with
    `@pytest.mark.public_cache`: tests request the same page before and after changing rows with
    queryset updates and rolled-back transactions, which no real request sees. On, it starts
    with a new generation (nothing stored before is served)."""
    if request.node.get_closest_marker("public_cache") is None:
        settings.PUBLIC_CACHE_SECONDS = 0
        return
    settings.PUBLIC_CACHE_SECONDS = 600
    public_data_changed_now()


@pytest.fixture(autouse=True)
def _vocabularies_after_flush(request):
    """Transactional tests end by flushing the database, which also removes the rows that data
    migrations created; put the fixed vocabularies back for the tests that come after."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from reference.vocabularies import vocabularies_ensure

        request.getfixturevalue("transactional_db")
        vocabularies_ensure()
        f.first_period()
        f.new_period()


@pytest.fixture(autouse=True)
def signed_in_means_both_factors(request):
    """A sign-in in a test (force_login, the login form) also passes the two-factor step of ASEC
    staff and administrators; tests of that step ask for `real_two_factor` (tests/two_factor.py)."""
    if "real_two_factor" in request.fixturenames:
        yield
        return
    from tests.two_factor import pass_two_factor_on_sign_in

    undo = pass_two_factor_on_sign_in()
    yield
    undo()


@pytest.fixture
def real_two_factor():
    """Sign-ins in this test must pass the two-factor step for real."""


@pytest.fixture
def mailoutbox(mailoutbox, monkeypatch):
    """The e-mail sent, with the mail task (core/mail.py) run at once in the test process,
    as a worker would run it."""
    from core.tasks import send_mail

    monkeypatch.setattr(send_mail, "delay", lambda *args: send_mail.apply(args))
    return mailoutbox


def pytest_collection_modifyitems(items):
    """Every transactional test restores the database's initial rows (serialized rollback), not
    only those that share the database with a worker process. A transactional test without it
    ends with a flush that recreates content types and permissions under new ids; a later test
    with serialized rollback then fails to put the original rows back (an IntegrityError on
    PostgreSQL). One rule for all keeps their order from mattering."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        flagged = marker is not None and marker.kwargs.get("transaction", False)
        fixtures = set(getattr(item, "fixturenames", ()))
        if flagged or fixtures & {"transactional_db", "live_server"}:
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


def _flushes(item) -> bool:
    """Whether the test ends with a flush: as pytest-django orders tests, a transactional
    django_db marker (or reset_sequences), or the transactional_db or live_server fixture, asked
    for directly or by another fixture (the Celery worker's, say)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction", False) or marker.kwargs.get("reset_sequences", False)
    ):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush, which empties the rows of the data migrations too
    (content types, vocabularies, plan periods). pytest-django runs every transactional test after
    all the others, so in one process nothing comes after them that needs those rows; under
    pytest-xdist (`make test`) a process runs whole files one after the other, so a file's plain
    database tests may come after another file's transactional ones. Before such a test, the
    database is emptied and the initial rows put back as serialized rollback does, their sequences
    moved past them (mostly between files: within a file pytest-django's order puts the
    transactional tests after the plain ones, before the tests without a database). Not after
    the last test: by then pytest-django has let go of the test database, as in one process,
    where the run also ends with a flush (`--create-db` gives a whole test database again)."""
    result = yield
    under_xdist = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    if under_xdist and nextitem is not None and _flushes(item) and not _flushes(nextitem):
        _restore_initial_rows(item.config)
    return result


def _restore_initial_rows(config) -> None:
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        restore_initial_rows()


def restore_initial_rows(contents: str | None = None) -> None:
    """The test database emptied and the rows of the data migrations put back (content types,
    permissions, vocabularies, plan periods, under their own ids), as serialized rollback does,
    their sequences moved past them. `contents` is what `committed_rows` took; by default the
    rows serialized when the test database was made. Database access must be allowed."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    if contents is None:
        contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        raise RuntimeError(
            "The migrations' rows were not serialized when the test database was made (no "
            "transactional test in this session): take them first with `committed_rows`."
        )
    # Emptied first, without post_migrate (which would recreate content types and permissions
    # under new ids): a test may leave rows its flush did not reach, which would clash.
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(contents)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases as pytest-django sets them up, with the data migrations' rows that
    serialized rollback puts back (`_test_serialized_contents`) kept for every connection object
    Django makes from then on. Django holds a connection per context (asgiref's Local): once
    Playwright's sync API has started (tests/browser/conftest.py), the tests' code gets new
    connection objects, which lacked those rows; a transactional test's flush then ran post_migrate
    (content types under new ids) and put nothing back, and the plain tests after it (another
    file in the same pytest-xdist process) found no plan periods or vocabularies.

    The database is kept between runs (`--reuse-db`, the default): a run that ends with a
    transactional test leaves it emptied, so the rows are put back when the session ends, and a
    run that finds them missing (left so by a run before this) stops and says what to do."""
    from django.db import connections

    with django_db_blocker.unblock():
        if not _migration_rows_present():
            raise pytest.UsageError(
                "The kept test database has lost the data migrations' rows (plan periods, "
                "vocabularies): make it anew with `make test PYTEST_ARGS=--create-db` "
                "(or `pytest --create-db`)."
            )
    kept = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if getattr(connections[alias], "_test_serialized_contents", None) is not None
    }
    create_connection = connections.create_connection

    def with_initial_rows(alias):
        connection = create_connection(alias)
        if alias in kept:
            connection._test_serialized_contents = kept[alias]
        return connection

    connections.create_connection = with_initial_rows
    try:
        yield django_db_setup
    finally:
        connections.create_connection = create_connection
        with django_db_blocker.unblock():
            if "default" in kept and not _migration_rows_present():
                restore_initial_rows(kept["default"])


def _migration_rows_present() -> bool:
    """Whether the test database holds the data migrations' rows (plan periods among them)."""
    from action_plans.models import PlanPeriod

    return PlanPeriod.objects.exists()


@contextmanager
def committed_rows(django_db_blocker):
    """Database access for a module-wide set-up whose rows are committed (a live server or another
    process reads them, or it is too slow to repeat per test); when it ends, the database is
    emptied and the data migrations' rows put back. Whichever test comes next, of this file or of
    another (in one process, or in one of pytest-xdist's, which runs whole files one after the
    other), finds the database as the migrations left it. Without a transactional test in the
    session the migrations' rows were not serialized: they are taken here, before the set-up."""
    from django.db import connection

    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is None:
            contents = connection.creation.serialize_db_to_string()
        try:
            yield
        finally:
            restore_initial_rows(contents)


@pytest.fixture(autouse=True)
def _language_back_to_english():
    """A request in Vietnamese leaves Vietnamese active in the thread (LocaleMiddleware activates
    and nothing deactivates): every test starts in the default language."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
