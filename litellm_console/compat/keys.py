"""Virtual keys: how LiteLLM generates, stores and displays them.

The raw key is shown to its creator once and never stored; the database only ever holds
``hash_key(raw)`` (the ``token`` primary key, also ``LiteLLM_SpendLogs.api_key``) and the
abbreviation ``abbreviate_key(raw)`` (``key_name``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field

KEY_PREFIX = "sk-"

# sha256 hexdigest is always lowercase; an uppercase value was not written by LiteLLM.
_HASHED_TOKEN_RE = re.compile(r"[0-9a-f]{64}")


def generate_key() -> str:
    """Return a new raw virtual key: ``"sk-" + secrets.token_urlsafe(16)`` (25 characters).

    16 bytes give the same 128 random bits LiteLLM uses, so the keys look identical to ones the
    proxy or its UI made.
    """
    return KEY_PREFIX + secrets.token_urlsafe(16)


def hash_key(raw: str) -> str:
    """Return the ``token`` LiteLLM stores for ``raw``: ``sha256(raw.encode()).hexdigest()``.

    The ``sk-`` prefix is part of what is hashed, because the proxy hashes the bearer key exactly
    as the client sends it. This always hashes: passing an already hashed token would silently
    produce a hash of a hash, so callers that might hold either must check ``is_hashed_token``
    themselves.
    """
    if not isinstance(raw, str) or not raw:
        raise ValueError("hash_key() needs a non-empty raw key string")
    return hashlib.sha256(raw.encode()).hexdigest()


def is_hashed_token(value: object) -> bool:
    """Return True if ``value`` looks like a stored token (64 lowercase hex characters)."""
    return isinstance(value, str) and _HASHED_TOKEN_RE.fullmatch(value) is not None


def abbreviate_key(raw: str) -> str:
    """Return the ``key_name`` LiteLLM stores for ``raw``: ``"sk-..." + raw[-4:]``."""
    if not isinstance(raw, str) or len(raw) < 4:
        raise ValueError("abbreviate_key() needs a raw key of at least 4 characters")
    return "sk-..." + raw[-4:]


@dataclass(frozen=True)
class NewKey:
    """A freshly generated key: the raw value to show once, and the two columns to store."""

    # repr=False keeps the raw key out of logs, tracebacks and debug pages.
    raw: str = field(repr=False)
    token: str
    key_name: str


def new_key() -> NewKey:
    """Generate a raw key together with its ``token`` and ``key_name`` columns."""
    raw = generate_key()
    return NewKey(raw=raw, token=hash_key(raw), key_name=abbreviate_key(raw))
