"""Bulk writes on audited models are refused: they would bypass the per-object audit.

`QuerySet.update()`, `bulk_update()`, `bulk_create()` and `QuerySet.delete()` never send
per-object signals. Audited models use `AuditedQuerySet`, which raises unless the caller is an
approved spend-safe helper that wraps its call in `bulk_write_allowed(reason)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

_allowed: ContextVar[str | None] = ContextVar("bulk_write_allowed", default=None)


class UnauditedWriteError(RuntimeError):
    """A bulk write on an audited model outside an approved helper."""


@contextmanager
def bulk_write_allowed(reason: str) -> Iterator[None]:
    """Permit bulk writes inside the block; `reason` says why skipping the audit is right."""
    if not reason:
        raise ValueError("say why this bulk write may skip the audit log")
    token = _allowed.set(reason)
    try:
        yield
    finally:
        _allowed.reset(token)


def _refuse(qs: models.QuerySet, what: str) -> None:
    if _allowed.get() is None:
        raise UnauditedWriteError(
            f"{what} on {qs.model.__name__} would skip the audit log: save()/delete() each "
            "object instead, or use an approved helper (apps.audit.guard.bulk_write_allowed)."
        )


class AuditedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse(self, "QuerySet.update()")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse(self, "bulk_update()")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        _refuse(self, "bulk_create()")
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self):
        _refuse(self, "QuerySet.delete()")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True
