from django.contrib.postgres.fields import ArrayField
from django.db import models

from litellm_console.columns import Stamped, TrackedSpend
from litellm_console.fields import LiteLLMModel, new_uuid


class Organization(LiteLLMModel, TrackedSpend, Stamped):
    """`LiteLLM_OrganizationTable`: groups teams and users under one budget."""

    organization_id = models.CharField(primary_key=True, default=new_uuid, editable=False)
    organization_alias = models.CharField("name")
    budget = models.ForeignKey(
        "budgets.Budget",
        on_delete=models.PROTECT,
        db_column="budget_id",
        related_name="organizations",
    )
    metadata = models.JSONField(default=dict, db_default={}, blank=True)
    allowed_models = ArrayField(
        models.TextField(), db_column="models", null=True, blank=True, default=list
    )

    class Meta:
        managed = False
        db_table = "LiteLLM_OrganizationTable"
        ordering = ["organization_alias"]
        verbose_name = "organization"
        verbose_name_plural = "organizations"

    def __str__(self) -> str:
        return self.organization_alias or self.organization_id
