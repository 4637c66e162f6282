from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.audit.diff import diff_rows
from apps.audit.filtersets import AuditLogFilterSet
from apps.audit.models import AuditLog
from apps.audit.query import Cursor, estimated_total, keyset_page
from litellm_console import access

PAGE_SIZE = 50


def audit_list(request):
    """The audit log, newest first, filtered, one keyset page at a time (no COUNT(*))."""
    if not access.can_see_model(request, AuditLog):
        raise PermissionDenied("The audit log is for proxy admins.")
    queryset = access.visible(request, AuditLog.objects.all())
    filterset = AuditLogFilterSet(request.GET or None, queryset=queryset)
    # Valid filters apply even when another one is invalid (its error shows on the form).
    rows_qs = filterset.qs if filterset.is_bound else queryset
    page = keyset_page(
        rows_qs,
        after=Cursor.decode(request.GET.get("after")),
        before=Cursor.decode(request.GET.get("before")),
        size=PAGE_SIZE,
    )
    params = request.GET.copy()
    for name in ("after", "before"):
        params.pop(name, None)
    context = {
        "filter": filterset,
        "page": page,
        "filters_active": bool(params),
        "base_query": params.urlencode(),
        "estimated_total": estimated_total() if not params else None,
    }
    return render(request, "audit/auditlog_list.html", context)


def audit_detail(request, pk):
    entry = access.get_visible_or_404(request, AuditLog.objects.all(), pk=pk)
    rows = diff_rows(entry)
    context = {
        "entry": entry,
        "changed_rows": [r for r in rows if r.changed],
        "unchanged_rows": [r for r in rows if not r.changed],
        "raw_before_is_string": isinstance(entry.before_value, str),
    }
    return render(request, "audit/auditlog_detail.html", context)
