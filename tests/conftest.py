"""Shared test set-up: LiteLLM's real tables in the test database, clean-up, personas.

The layout of LiteLLM's tables comes from LITELLM_TEST_LAYOUT (`seed` or `latest`, default
`latest`); the test command runs the suite once for each.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from litellm_console.dbschema import create_litellm_tables, litellm_tables
from tests import factories

LAYOUT = os.environ.get("LITELLM_TEST_LAYOUT", "latest")


def pytest_report_header(config):
    return f"LiteLLM table layout: {LAYOUT}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After Django has created the test database and migrated, add LiteLLM's tables."""
    with django_db_blocker.unblock():
        if not litellm_tables(connection):
            create_litellm_tables(LAYOUT)


@pytest.fixture(scope="session")
def litellm_layout() -> str:
    return LAYOUT


def truncate_litellm_tables() -> None:
    """Empty every LiteLLM table (Django's flush after transactional tests skips them)."""
    tables = sorted(litellm_tables(connection))
    if tables:
        names = ", ".join(f'"{t}"' for t in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(autouse=True)
def _no_litellm_rows_leak(request):
    """Transactional and live-server tests commit: wipe LiteLLM's tables after each one."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            truncate_litellm_tables()


# --- Personas ----------------------------------------------------------------------------------
# One LiteLLM user per role the console distinguishes. Passwords are made up per test run and
# exposed as `persona.password_plain` for sign-in tests.


@pytest.fixture
def proxy_admin(db):
    return factories.ProxyUserFactory(user_role="proxy_admin", user_id="persona-admin")


@pytest.fixture
def admin_viewer(db):
    return factories.ProxyUserFactory(user_role="proxy_admin_viewer", user_id="persona-viewer")


@pytest.fixture
def internal_user(db):
    return factories.ProxyUserFactory(user_role="internal_user", user_id="persona-internal")


@pytest.fixture
def internal_viewer(db):
    return factories.ProxyUserFactory(
        user_role="internal_user_viewer", user_id="persona-internal-viewer"
    )


@pytest.fixture
def team_admin(db):
    """An internal user who is `admin` of `persona_team` (set on team.members_with_roles)."""
    user = factories.ProxyUserFactory(user_role="internal_user", user_id="persona-team-admin")
    team = factories.TeamFactory(
        team_alias="Persona team",
        members_with_roles=[
            {"role": "admin", "user_id": user.user_id, "user_email": user.user_email}
        ],
    )
    user.teams = [team.team_id]
    user.save(update_fields=["teams"])
    user.admin_of_team = team
    return user


@pytest.fixture
def outsider(db):
    """A LiteLLM user with no role, no team and nothing of their own."""
    return factories.ProxyUserFactory(user_role=None, user_id="persona-outsider")


@pytest.fixture(scope="session", autouse=True)
def _plain_static_storage():
    """Serve static files without collectstatic's manifest (production uses the manifest)."""
    from django.test.utils import override_settings

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield
