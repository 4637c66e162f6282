from django.contrib import admin

from apps.teams.admin import membership_table
from apps.teams.models import TeamMembership
from apps.users.models import ProxyUser
from litellm_console.admin_utils import ConsoleModelAdmin


@admin.register(ProxyUser)
class ProxyUserAdmin(ConsoleModelAdmin):
    """LiteLLM users. `password` is never shown or editable: it is set by invitation links."""

    list_display = (
        "user_id",
        "user_email",
        "user_alias",
        "user_role",
        "organization",
        "spend",
        "max_budget",
        "budget_duration",
    )
    list_filter = ("user_role", "organization")
    search_fields = ("user_id", "user_email", "user_alias")
    autocomplete_fields = ("organization",)
    exclude = ("password",)
    readonly_fields = ("spend", "model_spend", "memberships")

    @admin.display(description="team budgets (LiteLLM_TeamMembership)")
    def memberships(self, obj):
        return membership_table(TeamMembership.objects.filter(user_id=obj.user_id), show="team")
