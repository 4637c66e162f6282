from django.contrib import admin

from apps.customers.models import Customer
from litellm_console.admin_utils import ConsoleModelAdmin


@admin.register(Customer)
class CustomerAdmin(ConsoleModelAdmin):
    list_display = (
        "user_id",
        "alias",
        "spend",
        "blocked",
        "allowed_model_region",
        "default_model",
        "budget",
    )
    list_filter = ("blocked", "allowed_model_region")
    search_fields = ("user_id", "alias")
    raw_id_fields = ("budget",)
    readonly_fields = ("spend",)
