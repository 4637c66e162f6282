"""Sign-in with LiteLLM users (every stored password format), UI_USERNAME, sign-out, cookies."""

from __future__ import annotations

import importlib.util
import os
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.test.utils import override_settings

from apps.accounts.forms import GENERIC_FAILURE
from apps.users.models import ProxyUser
from litellm_console.compat import passwords
from litellm_console.compat.passwords import make_password
from tests.accounts.helpers import (
    SIGN_IN_URL,
    SIGN_OUT_URL,
    form_errors,
    session_username,
    sign_in,
)
from tests.factories import ProxyUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-7"
MASTER_KEY = "sk-master-key-for-tests"


@pytest.fixture(params=["plaintext", "sha256", "scrypt", "pbkdf2"])
def stored_user(request):
    """A LiteLLM user whose password is stored in one of LiteLLM's formats."""
    fmt = request.param
    stored = PASSWORD if fmt == "plaintext" else make_password(PASSWORD, fmt)
    assert passwords.password_format(stored) == fmt
    user = ProxyUserFactory(
        user_id=f"user-{fmt}",
        user_email=f"Ada.{fmt}@Example.com",
        user_role="internal_user",
        password=stored,
    )
    return user


# --- the login page itself --------------------------------------------------------------------


def test_anonymous_home_redirects_to_sign_in_with_next(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN_URL}?next=/"


def test_sign_in_page_renders_for_anonymous(client):
    response = client.get(SIGN_IN_URL)
    assert response.status_code == 200
    assert "form" in response.context
    assert response.context["next"] == "/"


# --- each stored format, by email (any case) and by user id ----------------------------------


@pytest.mark.parametrize("identifier", ["email_mixed_case", "user_id"])
def test_sign_in_with_every_password_format(client, stored_user, identifier):
    username = (
        stored_user.user_email.swapcase()
        if identifier == "email_mixed_case"
        else stored_user.user_id
    )
    assert username != stored_user.user_email or identifier == "user_id"

    response = sign_in(client, username, PASSWORD, next_url="/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert session_username(client) == stored_user.user_id
    # The next request is authenticated (the middleware keeps the session).
    assert client.get("/").status_code == 200


def test_sign_in_with_surrounding_spaces_in_email(client, stored_user):
    response = sign_in(client, f"  {stored_user.user_email.upper()}  ", PASSWORD)
    assert response.status_code == 302
    assert session_username(client) == stored_user.user_id


def test_wrong_password_is_refused_with_the_generic_message(client, stored_user):
    response = sign_in(client, stored_user.user_email, PASSWORD + "x")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert form_errors(response) == [GENERIC_FAILURE]
    assert GENERIC_FAILURE in response.content.decode()


def test_the_stored_sha256_hash_is_not_a_password(client):
    user = ProxyUserFactory(password_format="sha256")
    response = sign_in(client, user.user_id, user.password)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_user_without_password_cannot_sign_in(client):
    user = ProxyUserFactory(password=None)
    response = sign_in(client, user.user_email, "anything-at-all")
    assert response.status_code == 200
    assert form_errors(response) == [GENERIC_FAILURE]


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    known = ProxyUserFactory(user_email="known@example.com")

    wrong_password = sign_in(client, "known@example.com", "not-the-password", ip="10.0.0.1")
    unknown_email = sign_in(client, "nobody@example.com", "not-the-password", ip="10.0.0.2")

    assert known.user_id
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert form_errors(wrong_password) == form_errors(unknown_email) == [GENERIC_FAILURE]
    assert GENERIC_FAILURE in unknown_email.content.decode()
    assert SESSION_KEY not in client.session


def test_unknown_email_costs_the_same_key_derivation_as_a_known_scrypt_account(client):
    """No timing oracle: an unknown email runs the same scrypt a known account does."""
    ProxyUserFactory(user_email="known@example.com", password_format="scrypt")

    with mock.patch.object(passwords, "_scrypt", wraps=passwords._scrypt) as kdf:
        sign_in(client, "known@example.com", "not-the-password", ip="10.0.0.1")
        known_calls = kdf.call_count
        kdf.reset_mock()
        sign_in(client, "nobody@example.com", "not-the-password", ip="10.0.0.2")
        unknown_calls = kdf.call_count

    assert known_calls == 1
    assert unknown_calls == known_calls


def test_account_without_password_costs_the_same_as_an_unknown_email(client):
    ProxyUserFactory(user_email="invited@example.com", password=None)

    with mock.patch.object(passwords, "_scrypt", wraps=passwords._scrypt) as kdf:
        sign_in(client, "nobody@example.com", "not-the-password", ip="10.0.0.1")
        unknown_calls = kdf.call_count
        kdf.reset_mock()
        sign_in(client, "invited@example.com", "not-the-password", ip="10.0.0.2")
        invited_calls = kdf.call_count

    assert unknown_calls == 1
    assert invited_calls == unknown_calls


# --- where we go after signing in --------------------------------------------------------------


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://evil.example/accounts/profile/"],
)
def test_open_redirect_attempt_lands_on_home(client, internal_user, next_url):
    response = sign_in(
        client, internal_user.user_email, internal_user.password_plain, next_url=next_url
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert session_username(client) == internal_user.user_id


def test_next_in_post_body_is_honoured(client, internal_user):
    response = client.post(
        SIGN_IN_URL,
        {
            "username": internal_user.user_id,
            "password": internal_user.password_plain,
            "next": "/accounts/password/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"


def test_signed_in_user_visiting_sign_in_is_sent_on(client, internal_user):
    sign_in(client, internal_user.user_id, internal_user.password_plain)
    response = client.get(SIGN_IN_URL + "?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"


# --- UI_USERNAME + UI_PASSWORD (default: the master key) ---------------------------------------


@override_settings(LITELLM_MASTER_KEY=MASTER_KEY, UI_PASSWORD=None, UI_USERNAME="admin")
def test_master_key_signs_in_as_default_user_created_as_proxy_admin(client):
    assert not ProxyUser.objects.filter(user_id="default_user_id").exists()

    response = sign_in(client, "admin", MASTER_KEY, next_url="/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    admin_row = ProxyUser.objects.get(user_id="default_user_id")
    assert admin_row.user_role == "proxy_admin"
    assert session_username(client) == "default_user_id"
    django_user = User.objects.get(username="default_user_id")
    assert django_user.is_superuser and django_user.is_staff
    # The session holds on the next request and reaches the admin.
    assert client.get("/admin/").status_code == 200
    # Creating the row is audited as the admin's own change.
    from apps.audit.models import AuditLog

    created = AuditLog.objects.get(table_name="LiteLLM_UserTable", object_id="default_user_id")
    assert (created.action, created.changed_by) == ("created", "default_user_id")


def test_an_overlong_password_is_a_form_error_not_a_hash_of_megabytes(client, proxy_admin):
    response = sign_in(client, proxy_admin.user_email, "x" * 5000)
    assert response.status_code == 200
    assert session_username(client) is None


@override_settings(LITELLM_MASTER_KEY=MASTER_KEY, UI_PASSWORD=None, UI_USERNAME="admin")
def test_master_key_sign_in_keeps_an_existing_default_user(client):
    ProxyUserFactory(user_id="default_user_id", user_role="proxy_admin", user_email=None)
    response = sign_in(client, "admin", MASTER_KEY)
    assert response.status_code == 302
    assert ProxyUser.objects.filter(user_id="default_user_id").count() == 1
    assert session_username(client) == "default_user_id"


@override_settings(LITELLM_MASTER_KEY=MASTER_KEY, UI_PASSWORD=None, UI_USERNAME="admin")
def test_wrong_master_key_is_refused_and_creates_nothing(client):
    response = sign_in(client, "admin", MASTER_KEY + "x")
    assert response.status_code == 200
    assert form_errors(response) == [GENERIC_FAILURE]
    assert SESSION_KEY not in client.session
    assert not ProxyUser.objects.filter(user_id="default_user_id").exists()


@override_settings(LITELLM_MASTER_KEY=MASTER_KEY, UI_PASSWORD="ui-password-42", UI_USERNAME="admin")
def test_ui_password_overrides_the_master_key(client):
    refused = sign_in(client, "admin", MASTER_KEY)
    assert refused.status_code == 200
    assert SESSION_KEY not in client.session

    accepted = sign_in(client, "admin", "ui-password-42")
    assert accepted.status_code == 302
    assert session_username(client) == "default_user_id"


@override_settings(LITELLM_MASTER_KEY=None, UI_PASSWORD="ui-password-42", UI_USERNAME="admin")
def test_ui_password_alone_switches_the_path_on(client):
    response = sign_in(client, "admin", "ui-password-42")
    assert response.status_code == 302
    assert session_username(client) == "default_user_id"


@override_settings(LITELLM_MASTER_KEY=MASTER_KEY, UI_PASSWORD=None, UI_USERNAME="root")
def test_ui_username_setting_names_the_admin_login(client):
    assert sign_in(client, "admin", MASTER_KEY).status_code == 200
    assert SESSION_KEY not in client.session
    assert sign_in(client, "root", MASTER_KEY).status_code == 302
    assert session_username(client) == "default_user_id"


@override_settings(LITELLM_MASTER_KEY=None, UI_PASSWORD=None, UI_USERNAME="admin")
def test_admin_path_is_off_without_master_key_or_ui_password(client):
    response = sign_in(client, "admin", "anything-goes")

    assert response.status_code == 200
    assert form_errors(response) == [GENERIC_FAILURE]
    assert SESSION_KEY not in client.session
    assert not ProxyUser.objects.filter(user_id="default_user_id").exists()


@override_settings(LITELLM_MASTER_KEY=None, UI_PASSWORD=None, UI_USERNAME="admin")
def test_with_admin_path_off_admin_is_an_ordinary_user_id(client):
    ordinary = ProxyUserFactory(user_id="admin", user_role="internal_user")
    response = sign_in(client, "admin", ordinary.password_plain)
    assert response.status_code == 302
    assert session_username(client) == "admin"
    assert not User.objects.get(username="admin").is_staff


# --- sign-out -----------------------------------------------------------------------------------


def test_sign_out_by_post_ends_the_session(client, internal_user):
    sign_in(client, internal_user.user_id, internal_user.password_plain)
    assert client.get("/").status_code == 200

    response = client.post(SIGN_OUT_URL)

    assert response.status_code == 302
    assert response["Location"] == SIGN_IN_URL
    assert SESSION_KEY not in client.session
    after = client.get("/")
    assert after.status_code == 302
    assert after["Location"].startswith(SIGN_IN_URL)


def test_sign_out_by_get_is_not_allowed(client, internal_user):
    sign_in(client, internal_user.user_id, internal_user.password_plain)

    response = client.get(SIGN_OUT_URL)

    assert response.status_code == 405
    assert session_username(client) == internal_user.user_id


# --- session cookie -----------------------------------------------------------------------------


def test_session_cookie_flags_on_sign_in_response(client, internal_user):
    response = sign_in(client, internal_user.user_id, internal_user.password_plain)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is settings.SESSION_COOKIE_SECURE
    # (settings.DEBUG is forced False under test; the env-to-flag rule is checked below.)
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE == 12 * 3600


@override_settings(SESSION_COOKIE_SECURE=True)
def test_session_cookie_is_secure_when_configured(client, internal_user):
    response = sign_in(client, internal_user.user_id, internal_user.password_plain)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"] is True


def _load_settings(monkeypatch, **env):
    """Evaluate the settings module afresh under `env` (a separate module object)."""
    for name in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_AGE", "DEBUG", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", os.environ.get("DATABASE_URL", "postgresql://x@h/db"))
    path = settings.BASE_DIR / "litellm_console" / "settings.py"
    spec = importlib.util.spec_from_file_location("_settings_probe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("debug", "secure"), [("false", True), ("true", False)])
def test_session_cookie_settings_follow_debug(monkeypatch, debug, secure):
    probe = _load_settings(monkeypatch, DEBUG=debug, SECRET_KEY="x")
    assert probe.SESSION_COOKIE_SECURE is secure
    assert probe.CSRF_COOKIE_SECURE is secure
    assert probe.SESSION_COOKIE_HTTPONLY is True
    assert probe.SESSION_COOKIE_SAMESITE == "Lax"
    assert probe.SESSION_COOKIE_AGE == 12 * 3600
