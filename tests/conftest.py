"""Project-wide test fixtures: personas (owner, admin, operator, viewer, outsider), a connection
to the sandbox, cache isolation, and the browser."""

from __future__ import annotations

import os
import uuid

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = [
    "tests.plugins.sandbox",
    "tests.plugins.browser",
    "tests.plugins.services",
    "tests.plugins.i18n",
]

REQUIRE_ALL = os.environ.get("FORNEXPANEL_REQUIRE_ALL") == "1"


def missing(reason: str) -> None:
    """Skip a test whose service or browser is missing; in CI, fail instead."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (FORNEXPANEL_REQUIRE_ALL=1: nothing may be missing in CI)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache namespace, on the database cache and on a shared Redis."""
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _default_language_and_zone():
    """A request made as a member with a language or time zone of their own activates it on the
    thread (accounts/middleware.py): the next test starts from the defaults again."""
    yield
    from django.utils import timezone, translation

    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def sandbox_api(sandbox, settings):
    """The panel talks to the test's sandbox."""
    settings.FORNEX_API_URL = sandbox.api_url
    return sandbox


@pytest.fixture
def make_user(db):
    from accounts.services import user_create

    def make(username: str, *, password: str = "correct horse battery staple"):
        return user_create(username=username, email=f"{username}@example.com", password=password)

    return make


@pytest.fixture
def team(db):
    from accounts.models import Team

    return Team.objects.create(name="Ops team")


def _member(make_user, team, username: str, role: str):
    from accounts.models import Membership

    user = make_user(username)
    Membership.objects.create(team=team, user=user, role=role)
    return user


@pytest.fixture
def owner(make_user, team):
    return _member(make_user, team, "olga", "owner")


@pytest.fixture
def admin(make_user, team):
    return _member(make_user, team, "adam", "admin")


@pytest.fixture
def operator(make_user, team):
    return _member(make_user, team, "oscar", "operator")


@pytest.fixture
def viewer(make_user, team):
    return _member(make_user, team, "vera", "viewer")


@pytest.fixture
def outsider(make_user, db):
    """Owner of another team, with a connection of its own."""
    from accounts.models import Membership, Team

    user = make_user("otto")
    other = Team.objects.create(name="Other team")
    Membership.objects.create(team=other, user=user, role="owner")
    return user


@pytest.fixture
def other_team(outsider):
    from accounts.models import Team

    return Team.objects.get(name="Other team")


@pytest.fixture
def dialect(request):
    """The API dialect of the `connection` fixtures: legacy unless a test is parametrized (the
    browser tests run once per dialect)."""
    return getattr(request, "param", "legacy")


@pytest.fixture
def connection(team, sandbox_api, dialect):
    """The team's connection to the sandbox's full-rights account."""
    from accounts.connections import _store_key
    from accounts.models import Connection

    conn = Connection(team=team, label="Main account", dialect=dialect)
    _store_key(conn, sandbox_api.FULL_KEY)
    conn.save()
    return conn


@pytest.fixture
def other_connection(other_team, sandbox_api, dialect):
    from accounts.connections import _store_key
    from accounts.models import Connection

    conn = Connection(team=other_team, label="Other account", dialect=dialect)
    _store_key(conn, sandbox_api.OTHER_KEY)
    conn.save()
    return conn


@pytest.fixture
def login(client):
    """login(user) -> the Django test client signed in as `user`, just now."""

    def sign_in(user, *, confirmed: bool = True):
        client.force_login(user)
        if confirmed:
            # Signing in with the password counts as "Confirm it's you" for ten minutes, as on
            # the sign-in page (accounts/recent_auth.py); confirmed=False for an older session.
            import time

            from accounts.recent_auth import RECENT_AUTH_KEY

            session = client.session
            session[RECENT_AUTH_KEY] = time.time()
            session.save()
        return client

    return sign_in


@pytest.fixture(scope="session", autouse=True)
def _no_stray_database_sessions(django_db_setup, django_db_blocker):
    """Threads of the live server, workers and concurrency tests may leave a connection open; on
    PostgreSQL the test database cannot be dropped while one is. End them before it is."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
