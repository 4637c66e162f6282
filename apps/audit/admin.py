from django.contrib import admin

from apps.audit.context import ACTIONS
from apps.audit.models import AuditLog
from apps.audit.signals import audited_models
from litellm_console.admin_utils import LogAdmin, choices_filter, pretty_json

AUDITED_TABLES = sorted(model._meta.db_table for model in audited_models())


@admin.register(AuditLog)
class AuditLogAdmin(LogAdmin):
    """Changes to LiteLLM rows, newest first. Read-only for everyone.

    LiteLLM has no index on `updated_at`; `manage.py create_console_indexes` adds one (optional)
    that serves this list's ordering and the date hierarchy's probes. Without it each probe of
    an empty period scans the table.
    """

    date_hierarchy = "updated_at"
    list_display = ("updated_at", "action", "table_name", "object_id", "changed_by")
    sortable_by = ("updated_at",)
    list_filter = (
        choices_filter("action", "action", [(a, a, {"action": a}) for a in ACTIONS]),
        choices_filter("table", "table", [(t, t, {"table_name": t}) for t in AUDITED_TABLES]),
    )
    search_fields = ("object_id__exact", "changed_by__exact", "id__exact")
    search_help_text = "Exact object id (a key's hash, or a full sk-... key), user id or entry id."
    raw_key_search_field = "object_id"
    fields = (
        "id",
        "updated_at",
        "action",
        "table_name",
        "object_id",
        "changed_by",
        "changed_by_api_key",
        "before_json",
        "after_json",
    )
    readonly_fields = ("before_json", "after_json")

    # Some LiteLLM versions stored a JSON string inside JSONB: show the decoded object.
    @admin.display(description="before")
    def before_json(self, obj):
        return pretty_json(obj.before)

    @admin.display(description="after")
    def after_json(self, obj):
        return pretty_json(obj.after)
