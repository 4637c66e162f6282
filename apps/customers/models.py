from django.db import models

from litellm_console.fields import LiteLLMModel


class Customer(LiteLLMModel):
    """`LiteLLM_EndUserTable`: an end user of an app built on the proxy (the `user` param)."""

    user_id = models.CharField("customer id", primary_key=True)
    alias = models.CharField(null=True, blank=True)
    spend = models.FloatField(db_default=0.0, editable=False)
    allowed_model_region = models.CharField(
        null=True, blank=True, choices=[("eu", "EU"), ("us", "US")]
    )
    default_model = models.CharField(null=True, blank=True)
    budget = models.ForeignKey(
        "budgets.Budget",
        on_delete=models.SET_NULL,
        db_column="budget_id",
        null=True,
        blank=True,
        related_name="customers",
    )
    blocked = models.BooleanField(db_default=False, default=False)

    class Meta:
        managed = False
        db_table = "LiteLLM_EndUserTable"
        ordering = ["user_id"]
        verbose_name = "customer"
        verbose_name_plural = "customers"

    def __str__(self) -> str:
        return self.alias or self.user_id
