"""Hostile and malformed input gets a page or a form error, never a 500."""

import pytest

from apps.accounts.services import sync_django_user
from tests import factories

GET_URLS = [
    "/audit/?date_to=9999-12-31",
    "/audit/?date_from=0001-01-01",
    "/audit/?date_from=2025-02-31",
    "/audit/%00x/",
    "/audit/?q=%00",
    "/audit/?after=%00",
    "/audit/?before=not-base64!!",
    "/admin/teams/team/%00/change/",
    "/admin/spend/spendlog/?start_time__year=9999&start_time__month=12",
    "/admin/spend/spendlog/?start_time__year=9999&start_time__month=12&start_time__day=31",
    "/admin/audit/auditlog/?updated_at__year=9999",
    "/admin/spend/spendlog/?start_time__year=abc",
    "/admin/keys/virtualkey/?q=%00",
    "/admin/spend/spendlog/?o=-7.1",
    "/accounts/sign-in/?next=%00",
]


@pytest.mark.parametrize("url", GET_URLS)
def test_malformed_urls_never_500(client, proxy_admin, url):
    client.raise_request_exception = False
    factories.SpendLogFactory()
    client.force_login(sync_django_user(proxy_admin))
    response = client.get(url)
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize(
    "username, password",
    [("a\x00b@example.com", "x"), ("x" * 10_000, "x"), ("' OR 1=1 --", "' OR 1=1 --")],
)
def test_hostile_sign_in_is_a_form_answer(db, client, username, password):
    client.raise_request_exception = False
    response = client.post("/accounts/sign-in/", {"username": username, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_hostile_password_change_is_a_form_error(client, internal_user):
    client.raise_request_exception = False
    client.force_login(sync_django_user(internal_user))
    response = client.post(
        "/accounts/password/",
        {
            "current_password": internal_user.password_plain,
            "new_password": "nul\x00byte-password",
            "new_password_again": "nul\x00byte-password",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
