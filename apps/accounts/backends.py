"""Sign-in against LiteLLM's own users (`LiteLLM_UserTable`), as LiteLLM's UI does."""

from __future__ import annotations

import functools
import hmac

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_variables

from apps.accounts.services import sync_django_user
from apps.audit.context import acting_as
from apps.users.models import ProxyUser
from litellm_console.compat import roles
from litellm_console.compat.passwords import make_password, verify_password


@functools.cache
def _dummy_hash() -> str:
    """Verified against when no user matches, so an unknown email costs as long as a known
    one (made in the format the console writes, the slowest one accounts normally have)."""
    return make_password("not-a-real-password", settings.LITELLM_PASSWORD_FORMAT)


def ui_password() -> str | None:
    """LiteLLM's UI_PASSWORD, defaulting to the master key; None switches that sign-in off."""
    return settings.UI_PASSWORD or settings.LITELLM_MASTER_KEY


def find_proxy_user(identifier: str) -> ProxyUser | None:
    """A user by email (case-insensitive) or by user id."""
    identifier = identifier.strip()
    if not identifier:
        return None
    by_email = ProxyUser.objects.filter(user_email__iexact=identifier).order_by("user_id").first()
    return by_email or ProxyUser.objects.filter(user_id=identifier).first()


def _admin_user() -> ProxyUser:
    # The proxy admin's row may not exist yet on a fresh proxy; creating it is that admin's
    # own first change, and is audited as theirs.
    with acting_as(roles.DEFAULT_USER_ID):
        user, _ = ProxyUser.objects.get_or_create(
            user_id=roles.DEFAULT_USER_ID, defaults={"user_role": roles.UserRole.PROXY_ADMIN}
        )
    return user


class LiteLLMBackend(ModelBackend):
    """Email/user id + password from LiteLLM_UserTable, or UI_USERNAME + UI_PASSWORD.

    Permissions (the admin viewer's view-only group) come from ModelBackend.
    """

    @method_decorator(sensitive_variables("password", "expected", "stored"))
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        expected = ui_password()
        if expected and username.strip() == settings.UI_USERNAME:
            if hmac.compare_digest(password.encode(), expected.encode()):
                return sync_django_user(_admin_user())
            return None
        proxy_user = find_proxy_user(username)
        stored = proxy_user.password if proxy_user and proxy_user.password else _dummy_hash()
        if verify_password(password, stored) and proxy_user is not None and proxy_user.password:
            return sync_django_user(proxy_user)
        return None
