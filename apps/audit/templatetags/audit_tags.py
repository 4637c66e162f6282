from django import template

from apps.audit.models import AuditLog
from apps.audit.snapshot import object_id

register = template.Library()


@register.inclusion_tag("audit/inc/history.html", takes_context=True)
def audit_history(context, obj, limit=20):
    """The History section of an audited object's page: its audit entries, newest first."""
    entries = AuditLog.objects.filter(
        table_name=obj._meta.db_table, object_id=object_id(obj)
    ).order_by("-updated_at", "-id")[:limit]
    return {"entries": list(entries), "request": context.get("request")}
