"""Model fields and expressions for Prisma-made columns.

Prisma stores `DateTime` as `timestamp(3) without time zone` holding UTC wall time. Django
reads such a column back naive; these helpers make every value the console sees UTC-aware and
every value it writes naive UTC, whatever the session or active time zone is.
"""

from __future__ import annotations

import copy
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

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, dt.datetime) and value.microsecond % 1000:
            # Prisma's columns are TIMESTAMP(3): keep the instance equal to the stored row.
            value = value.replace(microsecond=value.microsecond // 1000 * 1000)
            setattr(model_instance, self.attname, value)
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

    The proxy keeps adding to `spend` (and other counters) while a page is open, so a save never
    writes back a column the console did not change: `save()` on a loaded row writes only the
    fields whose value differs from what was loaded (or the explicit `update_fields`), plus
    `updated_at`. Saves run in a transaction so the audit row (a post_save receiver) commits or
    rolls back with the change. Bulk writes that would skip the audit are refused
    (apps.audit.guard).
    """

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Deep copies, so in-place edits of JSON/array values count as changes.
        instance._loaded_values = {
            name: copy.deepcopy(value) for name, value in zip(field_names, values, strict=True)
        }
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        loaded = getattr(self, "_loaded_values", None)
        if loaded is not None:
            for f in self._meta.concrete_fields:
                if f.attname in self.__dict__:
                    loaded[f.attname] = copy.deepcopy(getattr(self, f.attname))

    def changed_fields(self) -> list[str] | None:
        """Names of fields changed since the row was loaded; None for a row not loaded."""
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None or self._state.adding:
            return None
        changed = [
            f
            for f in self._meta.concrete_fields
            if f.attname in loaded and getattr(self, f.attname) != loaded[f.attname]
        ]
        if any(f in self._meta.pk_fields for f in changed):
            # save() would write a new row under the new key and keep the old one; a key
            # change (e.g. regenerating a virtual key) needs its own explicit, audited update.
            raise ValueError(
                f"the primary key of this {self._meta.verbose_name} changed; save() cannot "
                "rename a row"
            )
        return [f.name for f in changed]

    @transaction.atomic
    def delete(self, *args, **kwargs):
        # A savepoint of its own, like save(): a failed audit insert undoes only this delete.
        return super().delete(*args, **kwargs)

    @transaction.atomic
    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            self._state.adding
            and update_fields is None
            and not kwargs.get("force_update")
            and not args
        ):
            # A new instance is an INSERT, never Django's "UPDATE, else INSERT": an instance
            # built with an existing id must not overwrite that row (and its spend) wholesale.
            kwargs["force_insert"] = True
        if update_fields is None and not kwargs.get("force_insert"):
            update_fields = self.changed_fields()
            if update_fields is not None and not update_fields:
                return  # nothing changed: nothing to write, nothing to audit
        if update_fields is not None:
            update_fields = list(update_fields)
            if update_fields:
                # auto_now only applies to columns being written, so stamp it explicitly.
                update_fields += [
                    f.name
                    for f in self._meta.concrete_fields
                    if isinstance(f, UpdatedAtField) and f.name not in update_fields
                ]
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
        self._loaded_values = {
            f.attname: copy.deepcopy(getattr(self, f.attname)) for f in self._meta.concrete_fields
        }
