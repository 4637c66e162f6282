from django.db import models
from django.db.models.functions import Now

from litellm_console.fields import LiteLLMModel, UpdatedAtField, UTCDateTimeField, new_uuid


class Budget(LiteLLMModel):
    """`LiteLLM_BudgetTable`: a reusable budget / rate limit for orgs, keys, customers, members."""

    budget_id = models.CharField(primary_key=True, default=new_uuid, editable=False)
    max_budget = models.FloatField("max budget (USD)", null=True, blank=True)
    soft_budget = models.FloatField("soft budget (USD)", null=True, blank=True)
    max_parallel_requests = models.IntegerField(null=True, blank=True)
    tpm_limit = models.BigIntegerField("TPM limit", null=True, blank=True)
    rpm_limit = models.BigIntegerField("RPM limit", null=True, blank=True)
    model_max_budget = models.JSONField(null=True, blank=True)
    budget_duration = models.CharField(null=True, blank=True)
    budget_reset_at = UTCDateTimeField(null=True, blank=True)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    created_by = models.CharField(editable=False)
    updated_at = UpdatedAtField(db_default=Now())
    updated_by = models.CharField(editable=False)

    class Meta:
        managed = False
        db_table = "LiteLLM_BudgetTable"
        ordering = ["-created_at"]
        verbose_name = "budget"
        verbose_name_plural = "budgets"

    def __str__(self) -> str:
        limit = f"${self.max_budget:g}" if self.max_budget is not None else "no limit"
        period = f" / {self.budget_duration}" if self.budget_duration else ""
        return f"{limit}{period} ({self.budget_id[:8]})"
