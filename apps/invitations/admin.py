import datetime as dt

from django.contrib import admin
from django.utils import timezone

from apps.invitations.models import Invitation
from litellm_console.admin_utils import ConsoleModelAdmin


@admin.register(Invitation)
class InvitationAdmin(ConsoleModelAdmin):
    """Invitation links. `created_by`/`updated_by` are the signed-in admin (set on save)."""

    list_display = ("id", "user", "is_accepted", "accepted_at", "expires_at", "created_by")
    list_filter = ("is_accepted",)
    search_fields = ("id", "user__user_id", "user__user_email")
    autocomplete_fields = ("user",)
    readonly_fields = ("id", "created_at", "created_by", "updated_at", "updated_by")

    def get_changeform_initial_data(self, request):
        # LiteLLM's links last seven days.
        return {
            "expires_at": timezone.now() + dt.timedelta(days=7),
            **super().get_changeform_initial_data(request),
        }
