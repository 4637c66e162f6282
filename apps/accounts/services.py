"""Mirroring LiteLLM users into Django users, and writing LiteLLM passwords."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from apps.users.models import ProxyUser
from litellm_console.compat import roles
from litellm_console.compat.passwords import make_password

VIEWER_GROUP = "LiteLLM admin viewers"


def password_marker(proxy_user: ProxyUser) -> str:
    """A value for the mirror's (unusable) Django password that changes with LiteLLM's.

    Django ends a session when the user's password field changes (session auth hash); keeping
    a digest of LiteLLM's stored password there makes a password changed anywhere (here or in
    LiteLLM's UI) end the other sessions. The leading "!" keeps it unusable for Django's own
    password check, and only a keyed digest is stored, never LiteLLM's hash itself.
    """
    digest = hashlib.sha256(
        f"{settings.SECRET_KEY}:{proxy_user.password or ''}".encode()
    ).hexdigest()
    return f"!litellm:{digest}"


def _viewer_group() -> Group:
    group, created = Group.objects.get_or_create(name=VIEWER_GROUP)
    if created or not group.permissions.exists():
        group.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return group


def mirrored_fields(proxy_user: ProxyUser) -> dict:
    """The Django user's fields as LiteLLM's row says they should be."""
    role = proxy_user.user_role
    return {
        "email": proxy_user.user_email or "",
        "is_active": True,
        "is_staff": roles.reads_everything(role),
        "is_superuser": roles.can_write_everything(role),
        "password": password_marker(proxy_user),
    }


def is_in_sync(user: User, proxy_user: ProxyUser) -> bool:
    """True when `user` already mirrors `proxy_user` (the per-request fast path)."""
    return all(getattr(user, k) == v for k, v in mirrored_fields(proxy_user).items())


@transaction.atomic
def sync_django_user(proxy_user: ProxyUser) -> User:
    """Create or update the Django user mirroring `proxy_user`; flags follow `user_role`."""
    role = proxy_user.user_role
    wanted = mirrored_fields(proxy_user)
    user, created = User.objects.get_or_create(username=proxy_user.user_id, defaults=wanted)
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, wanted[name])
        user.save(update_fields=changed)
    in_viewer_group = user.groups.filter(name=VIEWER_GROUP).exists()
    if roles.is_admin_viewer(role) and not in_viewer_group:
        user.groups.add(_viewer_group())
    elif not roles.is_admin_viewer(role) and in_viewer_group:
        user.groups.remove(_viewer_group())
    return user


def set_litellm_password(proxy_user: ProxyUser, raw_password: str) -> None:
    """Store a password LiteLLM's own UI accepts (scrypt, or sha256 for pre-1.83 proxies)."""
    proxy_user.password = make_password(raw_password, settings.LITELLM_PASSWORD_FORMAT)
    proxy_user.save(update_fields=["password"])
