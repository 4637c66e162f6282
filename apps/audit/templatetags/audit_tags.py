from django import template

from apps.audit.models import AuditLog
from apps.audit.signals import audited_models
from apps.audit.snapshot import object_id

register = template.Library()


def _entries(obj, limit: int) -> list[AuditLog] | None:
    """The object's audit entries, newest first; None when its model is not audited."""
    if obj is None or type(obj) not in audited_models():
        return None
    return list(
        AuditLog.objects.filter(table_name=obj._meta.db_table, object_id=object_id(obj)).order_by(
            "-updated_at", "-id"
        )[:limit]
    )


@register.inclusion_tag("audit/inc/history.html")
def audit_history(obj, limit=20):
    """The History section of an audited object's console page."""
    return {"entries": _entries(obj, limit) or []}


@register.inclusion_tag("audit/inc/history_admin.html")
def audit_history_admin(obj, limit=20):
    """The same history under a Django admin change form (admin styling)."""
    return {"entries": _entries(obj, limit)}
