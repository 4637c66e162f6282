"""Model fields and expressions for Prisma-made columns.

Prisma stores `DateTime` as `timestamp(3) without time zone` holding UTC wall time. Django
reads such a column back naive; these helpers make every value the console sees UTC-aware and
every value it writes naive UTC, whatever the session or active time zone is.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models, transaction
from django.db.models.expressions import Func

from apps.audit.guard import AuditedQuerySet

UTC = dt.UTC


def new_uuid() -> str:
    """A client-side id, as Prisma's `@default(uuid())` makes (the database has no default)."""
    return str(uuid.uuid4())


class UTCDateTimeField(models.DateTimeField):
    """A `timestamp without time zone` column that holds UTC wall time."""

    def from_db_value(self, value, expression, connection):
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            # Send naive UTC so the value never depends on the session's TimeZone setting.
            return value.astimezone(UTC).replace(tzinfo=None)
        return value


class UpdatedAtField(UTCDateTimeField):
    """Prisma's `@updatedAt`: set by the client on every save (see LiteLLMModel.save)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_now", True)
        super().__init__(*args, **kwargs)


class AsUTC(Func):
    """`("column" AT TIME ZONE 'UTC')`: turns a naive-UTC column into a real timestamptz.

    Needed before `TruncDay` / `__date` on Prisma columns: without it PostgreSQL would read the
    wall time as local time under a non-UTC active time zone and put rows on the wrong day.
    """

    template = "(%(expressions)s AT TIME ZONE 'UTC')"
    output_field = models.DateTimeField()


class LiteLLMModel(models.Model):
    """Base for the LiteLLM tables the console writes: audited, `updated_at` kept like Prisma.

    Saves run in a transaction so the audit row (written by a post_save receiver) commits or
    rolls back with the change. Bulk writes that would skip the audit are refused
    (apps.audit.guard).
    """

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    @transaction.atomic
    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # auto_now only applies to columns being written: a partial update (the only kind
            # the console does, so the proxy's spend is never overwritten) still stamps it.
            extra = [
                f.name
                for f in self._meta.concrete_fields
                if isinstance(f, UpdatedAtField) and f.name not in update_fields
            ]
            if extra:
                kwargs["update_fields"] = [*update_fields, *extra]
        super().save(*args, **kwargs)
