"""Small helpers shared by the sign-in tests."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User

SIGN_IN_URL = "/accounts/sign-in/"
SIGN_OUT_URL = "/accounts/sign-out/"
PASSWORD_URL = "/accounts/password/"
PROFILE_URL = "/accounts/profile/"


def sign_in(client, username, password, *, next_url=None, ip="127.0.0.1", **extra):
    """POST the sign-in form as a browser would (optionally with ?next=)."""
    url = SIGN_IN_URL
    if next_url is not None:
        from urllib.parse import urlencode

        url = f"{url}?{urlencode({'next': next_url})}"
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def session_username(client) -> str | None:
    """The Django username (= LiteLLM user_id) signed in on `client`, or None."""
    user_pk = client.session.get(SESSION_KEY)
    if user_pk is None:
        return None
    return User.objects.get(pk=user_pk).username


def form_errors(response) -> list[str]:
    """The sign-in form's non-field errors as rendered."""
    return list(response.context["form"].non_field_errors())
