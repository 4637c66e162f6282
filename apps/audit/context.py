"""Who is changing things right now, and what to call the change.

Middleware binds the signed-in LiteLLM user for each request; management commands bind
`system:<command>` (or `--actor`); services may name a special action (blocked, unblocked,
rotated). The audit receivers read it from here, so every write path is attributed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class AuditContext:
    changed_by: str
    changed_by_api_key: str = ""
    action: str | None = None  # overrides "updated" for the next writes, e.g. "blocked"


_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)

ACTIONS = ("created", "updated", "deleted", "blocked", "unblocked", "rotated")


@contextmanager
def acting_as(changed_by: str, changed_by_api_key: str = "") -> Iterator[AuditContext]:
    """Attribute every audited write inside the block to `changed_by`."""
    ctx = AuditContext(changed_by=changed_by, changed_by_api_key=changed_by_api_key)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


@contextmanager
def audit_action(action: str) -> Iterator[None]:
    """Record updates inside the block as `action` (blocked, unblocked, rotated)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; one of {', '.join(ACTIONS)}")
    ctx = current()
    token = _current.set(replace(ctx, action=action))
    try:
        yield
    finally:
        _current.reset(token)


def fallback_actor() -> str:
    """Who a write with nothing bound is attributed to: the process, e.g. `system:shell`.

    Writes from `manage.py shell` or a script are still recorded, never silently unaudited.
    """
    argv = sys.argv
    if len(argv) > 1 and Path(argv[0]).name in ("manage.py", "django-admin"):
        return f"system:{argv[1]}"
    return f"system:{Path(argv[0]).name or 'python'}"


def current() -> AuditContext:
    """The bound context, or one naming the running process."""
    return _current.get() or AuditContext(changed_by=fallback_actor())
