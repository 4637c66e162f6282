"""LiteLLM roles become Django flags, stay in step per request; password changes end sessions."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from apps.accounts.services import VIEWER_GROUP, sync_django_user
from apps.users.models import ProxyUser
from litellm_console.compat import passwords
from litellm_console.compat.roles import USER_ROLE_LABELS
from tests.accounts.helpers import (
    PASSWORD_URL,
    PROFILE_URL,
    SIGN_IN_URL,
    session_username,
    sign_in,
)
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "brand-new-password-9"


def litellm_writes(sql: str, *params) -> None:
    """A write as the proxy (or LiteLLM's own UI) makes it: straight into its table."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def set_role_in_litellm(user_id: str, role: str | None) -> None:
    litellm_writes(
        'UPDATE "LiteLLM_UserTable" SET user_role = %s WHERE user_id = %s', role, user_id
    )


def set_password_in_litellm(user_id: str, stored: str) -> None:
    litellm_writes(
        'UPDATE "LiteLLM_UserTable" SET password = %s WHERE user_id = %s', stored, user_id
    )


def delete_in_litellm(user_id: str) -> None:
    litellm_writes('DELETE FROM "LiteLLM_UserTable" WHERE user_id = %s', user_id)


def signed_in_client(persona) -> Client:
    client = Client()
    response = sign_in(client, persona.user_id, persona.password_plain)
    assert response.status_code == 302, "persona could not sign in"
    return client


def assert_sent_to_sign_in(response, path="/"):
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN_URL}?next={path}"


# --- role -> Django flags -----------------------------------------------------------------------


def test_proxy_admin_is_superuser_and_staff(proxy_admin):
    user = sync_django_user(proxy_admin)
    assert user.username == proxy_admin.user_id
    assert user.is_superuser and user.is_staff and user.is_active
    assert not user.has_usable_password()


def test_admin_viewer_is_staff_with_view_permissions_only(admin_viewer):
    user = sync_django_user(admin_viewer)
    user = User.objects.get(pk=user.pk)  # fresh permission cache

    assert user.is_staff
    assert not user.is_superuser
    assert user.groups.filter(name=VIEWER_GROUP).exists()
    perms = user.get_all_permissions()
    assert {"keys.view_virtualkey", "users.view_proxyuser", "teams.view_team"} <= perms
    assert all(p.split(".", 1)[1].startswith("view_") for p in perms)
    assert not user.has_perm("keys.change_virtualkey")
    assert not user.has_perm("keys.add_virtualkey")
    assert not user.has_perm("keys.delete_virtualkey")
    assert not user.has_perm("auth.change_user")


@pytest.mark.parametrize(
    "persona_name", ["internal_user", "internal_viewer", "outsider", "team_admin"]
)
def test_non_admin_roles_are_not_staff(request, persona_name):
    persona = request.getfixturevalue(persona_name)
    user = User.objects.get(pk=sync_django_user(persona).pk)
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.groups.exists()
    assert not user.has_perm("keys.view_virtualkey")


def test_sign_in_mirrors_the_role(proxy_admin, admin_viewer, internal_user):
    for persona, staff, superuser in (
        (proxy_admin, True, True),
        (admin_viewer, True, False),
        (internal_user, False, False),
    ):
        signed_in_client(persona)
        user = User.objects.get(username=persona.user_id)
        assert (user.is_staff, user.is_superuser) == (staff, superuser), persona.user_role


def test_admin_site_by_role(proxy_admin, admin_viewer, internal_user, internal_viewer):
    assert signed_in_client(proxy_admin).get("/admin/").status_code == 200
    assert signed_in_client(admin_viewer).get("/admin/").status_code == 200
    for persona in (internal_user, internal_viewer):
        response = signed_in_client(persona).get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


# --- changes made in LiteLLM take effect on the next request ------------------------------------


def test_promotion_in_litellm_applies_on_next_request(internal_user):
    client = signed_in_client(internal_user)
    assert client.get("/admin/").status_code == 302

    set_role_in_litellm(internal_user.user_id, "proxy_admin_viewer")

    assert client.get("/admin/").status_code == 200
    assert session_username(client) == internal_user.user_id
    user = User.objects.get(username=internal_user.user_id)
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=VIEWER_GROUP).exists()


def test_demotion_in_litellm_applies_on_next_request(proxy_admin):
    client = signed_in_client(proxy_admin)
    assert client.get("/admin/").status_code == 200

    set_role_in_litellm(proxy_admin.user_id, "internal_user")

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    user = User.objects.get(username=proxy_admin.user_id)
    assert not user.is_staff and not user.is_superuser
    # Still signed in: a role change is not a sign-out.
    assert client.get("/").status_code == 200


def test_viewer_loses_view_group_when_promoted(admin_viewer):
    client = signed_in_client(admin_viewer)
    set_role_in_litellm(admin_viewer.user_id, "proxy_admin")
    assert client.get("/admin/").status_code == 200
    user = User.objects.get(username=admin_viewer.user_id)
    assert user.is_superuser
    assert not user.groups.filter(name=VIEWER_GROUP).exists()


def test_deleting_the_litellm_user_ends_the_session(internal_user):
    client = signed_in_client(internal_user)
    assert client.get("/").status_code == 200

    delete_in_litellm(internal_user.user_id)

    assert_sent_to_sign_in(client.get("/"))
    assert SESSION_KEY not in client.session


def test_password_changed_in_litellm_ends_existing_sessions(internal_user):
    client = signed_in_client(internal_user)
    assert client.get("/").status_code == 200

    set_password_in_litellm(
        internal_user.user_id, hashlib.sha256(b"changed-in-litellm-ui").hexdigest()
    )

    assert_sent_to_sign_in(client.get("/"))
    assert SESSION_KEY not in client.session
    # The new password works.
    assert sign_in(Client(), internal_user.user_id, "changed-in-litellm-ui").status_code == 302


def test_session_of_a_deleted_litellm_user_is_not_served(internal_user):
    """Whatever the response, the deleted user's session must not get a page or survive."""
    client = signed_in_client(internal_user)
    delete_in_litellm(internal_user.user_id)

    client.raise_request_exception = False
    response = client.get("/")

    assert response.status_code != 200
    assert SESSION_KEY not in client.session


def test_session_after_password_change_in_litellm_is_not_served(internal_user):
    client = signed_in_client(internal_user)
    set_password_in_litellm(
        internal_user.user_id, passwords.make_password("changed-in-litellm-ui", "scrypt")
    )

    client.raise_request_exception = False
    response = client.get("/")

    assert response.status_code != 200
    assert SESSION_KEY not in client.session


# --- password change page -----------------------------------------------------------------------


def change_password(client, current, new, again=None):
    return client.post(
        PASSWORD_URL,
        {
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )


def test_password_page_requires_sign_in(client):
    assert_sent_to_sign_in(client.get(PASSWORD_URL), PASSWORD_URL)


def test_password_page_renders(internal_user):
    response = signed_in_client(internal_user).get(PASSWORD_URL)
    assert response.status_code == 200
    assert "form" in response.context


def test_wrong_current_password_is_a_form_error(internal_user):
    client = signed_in_client(internal_user)
    before = ProxyUser.objects.get(pk=internal_user.pk).password

    response = change_password(client, "not-my-password", NEW_PASSWORD)

    assert response.status_code == 200
    assert "current_password" in response.context["form"].errors
    assert ProxyUser.objects.get(pk=internal_user.pk).password == before


def test_mismatched_new_passwords_are_a_form_error(internal_user):
    client = signed_in_client(internal_user)
    before = ProxyUser.objects.get(pk=internal_user.pk).password

    response = change_password(
        client, internal_user.password_plain, NEW_PASSWORD, NEW_PASSWORD + "x"
    )

    assert response.status_code == 200
    assert "new_password_again" in response.context["form"].errors
    assert ProxyUser.objects.get(pk=internal_user.pk).password == before


def test_too_short_new_password_is_a_form_error(internal_user):
    client = signed_in_client(internal_user)
    response = change_password(client, internal_user.password_plain, "short")
    assert response.status_code == 200
    assert "new_password" in response.context["form"].errors


@pytest.mark.parametrize(
    ("setting", "expected_format"),
    [(None, "scrypt"), ("sha256", "sha256"), ("pbkdf2", "pbkdf2")],
)
def test_password_change_writes_litellm_format_and_manages_sessions(
    internal_user, setting, expected_format
):
    overrides = {} if setting is None else {"LITELLM_PASSWORD_FORMAT": setting}
    with override_settings(**overrides):
        mine = signed_in_client(internal_user)
        other = signed_in_client(internal_user)
        assert other.get("/").status_code == 200

        response = change_password(mine, internal_user.password_plain, NEW_PASSWORD)

        assert response.status_code == 302
        assert response["Location"] == PROFILE_URL

    stored = ProxyUser.objects.get(pk=internal_user.pk).password
    assert passwords.password_format(stored) == expected_format
    if expected_format == "scrypt":
        assert stored.startswith("scrypt:")
    if expected_format == "sha256":
        assert stored == hashlib.sha256(NEW_PASSWORD.encode()).hexdigest()
    assert passwords.verify_password(NEW_PASSWORD, stored)
    assert not passwords.verify_password(internal_user.password_plain, stored)

    # This session survives the change; the other one of the same user is over.
    assert mine.get("/").status_code == 200
    assert session_username(mine) == internal_user.user_id
    assert_sent_to_sign_in(other.get("/"))
    assert SESSION_KEY not in other.session

    # Old password no longer signs in; the new one does.
    assert sign_in(Client(), internal_user.user_id, internal_user.password_plain).status_code == 200
    assert sign_in(Client(), internal_user.user_id, NEW_PASSWORD).status_code == 302


def test_password_change_touches_only_the_password_column(internal_user):
    client = signed_in_client(internal_user)
    # The proxy adds spend concurrently; a console write must not put back a stale value.
    litellm_writes(
        'UPDATE "LiteLLM_UserTable" SET spend = spend + 12.5 WHERE user_id = %s',
        internal_user.user_id,
    )

    assert change_password(client, internal_user.password_plain, NEW_PASSWORD).status_code == 302

    row = ProxyUser.objects.get(pk=internal_user.pk)
    assert row.spend == 12.5
    assert row.user_role == "internal_user"


# --- profile ------------------------------------------------------------------------------------


def test_profile_shows_role_label_and_teams(internal_user):
    team_a = TeamFactory(team_alias="Alpha squad")
    team_b = TeamFactory(team_alias="Beta squad")
    TeamFactory(team_alias="Gamma not mine")
    internal_user.teams = [team_b.team_id, team_a.team_id]
    internal_user.save(update_fields=["teams"])

    response = signed_in_client(internal_user).get(PROFILE_URL)

    assert response.status_code == 200
    label = USER_ROLE_LABELS["internal_user"]
    assert response.context["role_label"] == label
    assert [t.team_alias for t in response.context["teams"]] == ["Alpha squad", "Beta squad"]
    body = response.content.decode()
    assert label in body
    assert "Alpha squad" in body and "Beta squad" in body
    assert "Gamma not mine" not in body


@pytest.mark.parametrize(
    ("persona_name", "role"),
    [("admin_viewer", "proxy_admin_viewer"), ("internal_viewer", "internal_user_viewer")],
)
def test_profile_role_label_per_role(request, persona_name, role):
    persona = request.getfixturevalue(persona_name)
    response = signed_in_client(persona).get(PROFILE_URL)
    assert response.status_code == 200
    assert response.context["role_label"] == USER_ROLE_LABELS[role]
    assert USER_ROLE_LABELS[role] in response.content.decode()
