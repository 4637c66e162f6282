from django.contrib import admin

from apps.teams.admin import membership_table
from apps.teams.models import TeamMembership
from apps.users.models import ProxyUser
from litellm_console.admin_utils import ConsoleModelAdmin
from litellm_console.compat import roles


@admin.register(ProxyUser)
class ProxyUserAdmin(ConsoleModelAdmin):
    """LiteLLM users. `password` is never shown or editable: it is set by invitation links.

    Users cannot be deleted here. Deleting a LiteLLM user also means deleting their keys
    (which would otherwise keep authenticating at the proxy), their invitations and team
    memberships, in one transaction, as LiteLLM's /user/delete does; that is the console's
    user page's job. The proxy's own rows (`default_user_id`, `litellm-proxy-budget`) keep
    their role.
    """

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

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        names = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.user_id in roles.SYSTEM_USER_IDS and "user_role" not in names:
            names.append("user_role")
        return names

    @admin.display(description="team budgets (LiteLLM_TeamMembership)")
    def memberships(self, obj):
        return membership_table(TeamMembership.objects.filter(user_id=obj.user_id), show="team")
