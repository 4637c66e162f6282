from django.contrib import admin

from apps.organizations.models import Organization
from litellm_console.admin_utils import ConsoleModelAdmin


@admin.register(Organization)
class OrganizationAdmin(ConsoleModelAdmin):
    list_display = (
        "organization_alias",
        "organization_id",
        "budget",
        "spend",
        "created_at",
        "created_by",
    )
    search_fields = ("organization_alias", "organization_id")
    raw_id_fields = ("budget",)
    readonly_fields = (
        "organization_id",
        "spend",
        "model_spend",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )
