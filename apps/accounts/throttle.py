"""Throttling of failed sign-ins, per account and per client address."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from apps.accounts.models import SignInFailure


def account_name(username: str) -> str:
    """The account a sign-in name refers to, so its email and user id share one counter."""
    from apps.accounts.backends import find_proxy_user

    proxy_user = find_proxy_user(username)
    return proxy_user.user_id if proxy_user else username


def throttle_keys(username: str, client_ip: str | None) -> list[str]:
    """The counters a sign-in attempt counts against."""
    keys = [f"account:{username.strip().lower()}"]
    if client_ip:
        keys.append(f"ip:{client_ip}")
    return keys


def retry_after(keys: list[str]) -> int | None:
    """Minutes until the next attempt is allowed, or None when not throttled."""
    window = timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW)
    since = timezone.now() - window
    worst = None
    for key in keys:
        recent = SignInFailure.objects.filter(key=key, created_at__gte=since)
        if recent.count() >= settings.SIGNIN_FAILURE_LIMIT:
            oldest = recent.aggregate(first=Min("created_at"))["first"]
            seconds = (oldest + window - timezone.now()).total_seconds()
            minutes = max(1, math.ceil(seconds / 60))
            worst = max(worst or 0, minutes)
    return worst


def record_attempt(keys: list[str]) -> list[int]:
    """Count an attempt as a failure *before* checking the password; return the rows' ids.

    Recording first means parallel guesses each see the others' attempts; a successful
    sign-in then removes its own rows with `forget`.
    """
    attempts = SignInFailure.objects.bulk_create([SignInFailure(key=key) for key in keys])
    # Keep the table small: nothing older than the window matters.
    cutoff = timezone.now() - timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW)
    SignInFailure.objects.filter(created_at__lt=cutoff).delete()
    return [attempt.pk for attempt in attempts]


def forget(attempt_ids: list[int]) -> None:
    SignInFailure.objects.filter(pk__in=attempt_ids).delete()


def clear_account(username: str) -> None:
    SignInFailure.objects.filter(key=f"account:{username.strip().lower()}").delete()


def client_ip(request) -> str | None:
    """The client address; X-Forwarded-For is trusted only when configured (behind a proxy).

    The reverse proxy appends the address it saw to whatever the client sent, so only the
    right-most entry is trustworthy: a client can put anything on the left.
    """
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
