from django.db import models

from litellm_console.columns import BudgetPeriod, RateLimits, Stamped
from litellm_console.fields import LiteLLMModel, new_uuid


class Budget(LiteLLMModel, RateLimits, BudgetPeriod, Stamped):
    """`LiteLLM_BudgetTable`: a reusable budget / rate limit for orgs, keys, customers, members."""

    budget_id = models.CharField(primary_key=True, default=new_uuid, editable=False)
    soft_budget = models.FloatField("soft budget (USD)", null=True, blank=True)
    model_max_budget = models.JSONField(null=True, blank=True)

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
