from django.contrib import admin

from apps.budgets.models import Budget
from litellm_console.admin_utils import ConsoleModelAdmin


@admin.register(Budget)
class BudgetAdmin(ConsoleModelAdmin):
    list_display = (
        "budget_id",
        "max_budget",
        "soft_budget",
        "budget_duration",
        "budget_reset_at",
        "tpm_limit",
        "rpm_limit",
        "max_parallel_requests",
        "created_at",
        "created_by",
    )
    list_filter = ("budget_duration",)
    search_fields = ("budget_id", "created_by")
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
