from django.contrib import admin

from apps.access_requests.models import ModelAccessRequest
from litellm_console.admin_utils import ConsoleModelAdmin


@admin.register(ModelAccessRequest)
class ModelAccessRequestAdmin(ConsoleModelAdmin):
    """Setting `status` here does not grant the models: use the console's approval flow."""

    list_display = ("request_id", "user_id", "requested_models", "status")
    list_filter = ("status",)
    search_fields = ("request_id", "user_id", "justification")
    readonly_fields = ("request_id",)
