from django.contrib import admin

from apps.keys.models import VirtualKey
from litellm_console.admin_utils import ConsoleModelAdmin
from litellm_console.compat import roles

# LiteLLM's own UI session keys: not the console's to list or manage.


@admin.register(VirtualKey)
class VirtualKeyAdmin(ConsoleModelAdmin):
    """Virtual keys. No "add": a raw key exists only in the console's create-key flow, which
    shows it once; the admin only ever sees the hash."""

    list_display = (
        "key_alias",
        "key_name",
        "user_id",
        "team_id",
        "spend",
        "max_budget",
        "budget_duration",
        "expires",
        "blocked",
    )
    list_filter = ("blocked",)
    search_fields = ("key_alias", "key_name", "token__exact", "user_id", "team_id")
    search_help_text = "Alias, key ending, user id, team id, hash, or a full sk-... key."
    raw_key_search_field = "token"
    raw_id_fields = ("budget",)
    readonly_fields = ("token", "key_name", "spend", "model_spend")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(team_id=roles.UI_SESSION_TEAM_ID)

    def has_add_permission(self, request):
        return False
