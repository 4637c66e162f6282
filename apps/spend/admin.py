from django.contrib import admin

from apps.spend.models import ErrorLog, SpendLog
from litellm_console.admin_utils import LogAdmin, choices_filter


@admin.register(SpendLog)
class SpendLogAdmin(LogAdmin):
    """One row per proxy request; tens of millions of rows on a busy proxy.

    Only exact-match search (an `icontains` would scan every row) and fixed-choice filters.
    The date hierarchy is kept: it probes with the `"startTime"` index LiteLLM creates in both
    layouts (see LogAdmin / DateProbeQuerySet), never `SELECT DISTINCT` over the table.
    """

    date_hierarchy = "start_time"
    list_display = (
        "start_time",
        "request_id",
        "model",
        "model_group",
        "user",
        "team_id",
        "end_user",
        "key",
        "spend",
        "total_tokens",
        "call_type",
        "cache_hit",
    )
    sortable_by = ("start_time",)
    list_filter = (
        choices_filter(
            "cache hit",
            "cache_hit",
            [("yes", "Yes", {"cache_hit": "True"}), ("no", "No", {"cache_hit": "False"})],
        ),
    )
    search_fields = (
        "request_id__exact",
        "api_key__exact",
        "user__exact",
        "team_id__exact",
        "end_user__exact",
    )
    search_help_text = "Exact request id, key hash, user id, team id or end user; or a sk-... key."
    raw_key_search_field = "api_key"

    @admin.display(description="key hash")
    def key(self, obj):
        return f"{obj.api_key[:10]}…" if obj.api_key else "-"


@admin.register(ErrorLog)
class ErrorLogAdmin(LogAdmin):
    """Failed requests. LiteLLM has no index on this table's "startTime": the date hierarchy
    probes cost a scan each only for empty periods; the table is far smaller than spend logs."""

    date_hierarchy = "start_time"
    list_display = (
        "start_time",
        "request_id",
        "model_group",
        "litellm_model_name",
        "exception_type",
        "status_code",
        "api_base",
    )
    sortable_by = ("start_time",)
    list_filter = (
        choices_filter(
            "status",
            "status_class",
            [
                ("4xx", "4xx", {"status_code__startswith": "4"}),
                ("5xx", "5xx", {"status_code__startswith": "5"}),
            ],
        ),
    )
    search_fields = ("request_id__exact", "model_group__exact", "exception_type__exact")
    search_help_text = "Exact request id, model group or exception type."
