from django.contrib import admin

from apps.deployments.models import ModelDeployment
from litellm_console.admin_utils import ConsoleModelAdmin


@admin.register(ModelDeployment)
class ModelDeploymentAdmin(ConsoleModelAdmin):
    """Model deployments. `litellm_params` is shown exactly as stored (ciphertext) and is
    read-only: raw JSON editing could store a plaintext secret, which the proxy would fail to
    decrypt. For the same reason deployments cannot be added here: the console's deployment
    form encrypts the params as the proxy does."""

    list_display = ("model_name", "model_id", "created_at", "created_by", "updated_at")
    search_fields = ("model_name", "model_id")
    readonly_fields = (
        "model_id",
        "litellm_params",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )

    def has_add_permission(self, request):
        return False
