"""Groups of columns LiteLLM repeats across its tables, as abstract models.

Keys, users and teams carry the same budget, rate-limit and model columns; budgets,
organizations, deployments and team alias sets the same who/when stamps. Declaring each group
once keeps their types and labels identical everywhere.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Now

from litellm_console.fields import UpdatedAtField, UTCDateTimeField


class RateLimits(models.Model):
    max_parallel_requests = models.IntegerField(null=True, blank=True)
    tpm_limit = models.BigIntegerField("TPM limit", null=True, blank=True)
    rpm_limit = models.BigIntegerField("RPM limit", null=True, blank=True)

    class Meta:
        abstract = True


class BudgetPeriod(models.Model):
    max_budget = models.FloatField("max budget (USD)", null=True, blank=True)
    budget_duration = models.CharField(null=True, blank=True)
    budget_reset_at = UTCDateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class TrackedSpend(models.Model):
    """Written by the proxy (`spend = spend + x`); never edited, never written back."""

    spend = models.FloatField(db_default=0.0, editable=False)
    model_spend = models.JSONField(db_default={}, default=dict, editable=False)

    class Meta:
        abstract = True


class ModelLimits(models.Model):
    # `models` would shadow django.db.models in a class body: hence the attribute name.
    allowed_models = ArrayField(
        models.TextField(), db_column="models", null=True, blank=True, default=list
    )
    model_max_budget = models.JSONField(db_default={}, default=dict, blank=True)

    class Meta:
        abstract = True


class Stamped(models.Model):
    """created_at/created_by/updated_at/updated_by: Prisma's `@default(now())`/`@updatedAt`."""

    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    created_by = models.CharField(editable=False)
    updated_at = UpdatedAtField(db_default=Now())
    updated_by = models.CharField(editable=False)

    class Meta:
        abstract = True
