"""Writing virtual keys the way LiteLLM's /key/generate does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from apps.keys.models import VirtualKey
from litellm_console.compat import durations
from litellm_console.compat.keys import new_key


@dataclass(frozen=True)
class CreatedKey:
    """The saved row and the raw key, which exists only here: show it once, never store it."""

    key: VirtualKey
    raw: str = field(repr=False)


@transaction.atomic
def create_key(
    *,
    user_id: str | None = None,
    team_id: str | None = None,
    key_alias: str | None = None,
    allowed_models: list[str] | None = None,
    duration: str | None = None,
    max_budget: float | None = None,
    budget_duration: str | None = None,
    tpm_limit: int | None = None,
    rpm_limit: int | None = None,
    max_parallel_requests: int | None = None,
    metadata: dict | None = None,
    now: datetime | None = None,
) -> CreatedKey:
    """Create a key row the proxy will accept: sha256 token, `sk-...abcd` name, expiry, reset."""
    now = now or timezone.now()
    # Spelled so every LiteLLM version reads it (mid-2024 knows no weeks).
    budget_duration = durations.normalize_duration(budget_duration) if budget_duration else None
    generated = new_key()
    key = VirtualKey(
        token=generated.token,
        key_name=generated.key_name,
        key_alias=key_alias or None,
        user_id=user_id,
        team_id=team_id,
        allowed_models=list(allowed_models or []),
        expires=durations.expires_at(duration, now) if duration else None,
        max_budget=max_budget,
        budget_duration=budget_duration,
        budget_reset_at=(
            durations.next_budget_reset(budget_duration, now) if budget_duration else None
        ),
        tpm_limit=tpm_limit,
        rpm_limit=rpm_limit,
        max_parallel_requests=max_parallel_requests,
        metadata=dict(metadata or {}),
    )
    key.save(force_insert=True)
    return CreatedKey(key=key, raw=generated.raw)
