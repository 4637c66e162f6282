"""Receivers that write one `LiteLLM_AuditLog` row per created, updated or deleted object.

Connected with `sender=` for each audited model (see `AUDITED_MODELS`). The before-state is
read from the database in `pre_save` / `pre_delete` (locked with SELECT ... FOR UPDATE), so
`before_value` is the row as it really was, including what the proxy wrote since the page was
loaded. Audited models save inside a transaction (LiteLLMModel.save), so the audit row commits
or rolls back with the change, and a failing audit insert fails the change.

An update that changes nothing writes no audit row.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from apps.audit.context import current
from apps.audit.models import AuditLog
from apps.audit.snapshot import masked, object_id, snapshot

logger = logging.getLogger(__name__)

_BEFORE = "_audit_before"


class AuditWriteError(DatabaseError):
    """The audit row could not be written, so the change was not made either."""


def audited_models() -> list[type[models.Model]]:
    """Every LiteLLM table the console writes; the logs themselves are not audited."""
    from apps.access_requests.models import ModelAccessRequest
    from apps.budgets.models import Budget
    from apps.customers.models import Customer
    from apps.deployments.models import ModelDeployment
    from apps.invitations.models import Invitation
    from apps.keys.models import VirtualKey
    from apps.organizations.models import Organization
    from apps.proxy_settings.models import ProxySetting
    from apps.teams.models import ModelAliasSet, Team, TeamMembership
    from apps.users.models import ProxyUser

    return [
        VirtualKey,
        ProxyUser,
        Team,
        TeamMembership,
        ModelAliasSet,
        Organization,
        Budget,
        Customer,
        ModelDeployment,
        ProxySetting,
        Invitation,
        ModelAccessRequest,
    ]


def _current_row(instance: models.Model) -> dict | None:
    if instance.pk is None or (isinstance(instance.pk, tuple) and None in instance.pk):
        return None
    fields = [f.attname for f in instance._meta.concrete_fields]
    row = (
        type(instance)._base_manager.filter(pk=instance.pk).select_for_update().values(*fields)
    ).first()
    return snapshot(instance, row) if row is not None else None


def capture_before(sender, instance, raw=False, **kwargs):
    if raw:
        return
    setattr(instance, _BEFORE, _current_row(instance))


def _write(instance, action: str, before: dict | None, after: dict) -> None:
    ctx = current()
    try:
        AuditLog.objects.create(
            changed_by=ctx.changed_by,
            changed_by_api_key=ctx.changed_by_api_key,
            action=action,
            table_name=instance._meta.db_table,
            object_id=object_id(instance),
            before_value=masked(instance, before),
            updated_values=masked(instance, after),
        )
    except DatabaseError as exc:
        logger.error("audit write failed for %s %s: %s", action, instance._meta.db_table, exc)
        raise AuditWriteError(
            f"The change to {instance._meta.verbose_name} was not saved because its audit "
            f"record could not be written ({exc.__class__.__name__})."
        ) from exc


def record_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    before = getattr(instance, _BEFORE, None)
    after = snapshot(instance)
    if created or before is None:
        _write(instance, "created", None, after)
        return
    if update_fields is not None:
        written = {instance._meta.get_field(name).column for name in update_fields}
        after = {col: val for col, val in after.items() if col in written}
    changed = {col: val for col, val in after.items() if before.get(col) != val}
    # Stamps alone (updated_at) are not a change worth a row.
    if not {col for col in changed if col != "updated_at"}:
        return
    _write(instance, current().action or "updated", before, changed)


def detach_referencing_rows(sender, instance, **kwargs):
    """Null the audited rows that point at `instance`, one audited save each.

    Django's SET_NULL (and the database's ON DELETE SET NULL) would change those rows in
    bulk with no audit entry; doing it here first leaves them nothing to do. Runs inside the
    delete's transaction.
    """
    audited = set(audited_models())
    for rel in instance._meta.related_objects:
        if rel.on_delete is not models.SET_NULL or rel.related_model not in audited:
            continue
        referencing = rel.related_model._base_manager.filter(**{rel.field.name: instance})
        for obj in referencing:
            setattr(obj, rel.field.attname, None)
            obj.save(update_fields=[rel.field.name])


def record_delete(sender, instance, **kwargs):
    before = getattr(instance, _BEFORE, None) or snapshot(instance)
    _write(instance, "deleted", before, {})


def connect() -> None:
    for model in audited_models():
        uid = model._meta.label_lower
        pre_save.connect(capture_before, sender=model, dispatch_uid=f"audit-pre-save-{uid}")
        post_save.connect(record_save, sender=model, dispatch_uid=f"audit-post-save-{uid}")
        pre_delete.connect(capture_before, sender=model, dispatch_uid=f"audit-pre-del-{uid}")
        pre_delete.connect(
            detach_referencing_rows, sender=model, dispatch_uid=f"audit-detach-{uid}"
        )
        post_delete.connect(record_delete, sender=model, dispatch_uid=f"audit-post-del-{uid}")
