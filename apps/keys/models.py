from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from litellm_console.columns import BudgetPeriod, ModelLimits, RateLimits, TrackedSpend
from litellm_console.fields import LiteLLMModel, UTCDateTimeField


class VirtualKey(LiteLLMModel, RateLimits, BudgetPeriod, TrackedSpend, ModelLimits):
    """`LiteLLM_VerificationToken`: a virtual key. Only its sha256 hash (`token`) is stored."""

    token = models.CharField("key hash", primary_key=True, editable=False)
    key_name = models.CharField("key", null=True, blank=True, editable=False)
    key_alias = models.CharField("alias", null=True, blank=True)
    soft_budget_cooldown = models.BooleanField(db_default=False, default=False, editable=False)
    expires = UTCDateTimeField(null=True, blank=True)
    aliases = models.JSONField(db_default={}, default=dict, blank=True)
    config = models.JSONField(db_default={}, default=dict, blank=True)
    # Plain ids, not foreign keys: LiteLLM's schema has no relation here and keeps keys of
    # deleted users and teams.
    user_id = models.CharField("user id", null=True, blank=True)
    team_id = models.CharField("team id", null=True, blank=True)
    permissions = models.JSONField(db_default={}, default=dict, blank=True)
    metadata = models.JSONField(db_default={}, default=dict, blank=True)
    blocked = models.BooleanField(null=True, blank=True)
    allowed_cache_controls = ArrayField(
        models.TextField(), db_default=[], default=list, null=True, blank=True
    )
    budget = models.ForeignKey(
        "budgets.Budget",
        on_delete=models.SET_NULL,
        db_column="budget_id",
        null=True,
        blank=True,
        related_name="keys",
    )

    class Meta:
        managed = False
        db_table = "LiteLLM_VerificationToken"
        ordering = ["key_alias", "token"]
        verbose_name = "virtual key"
        verbose_name_plural = "virtual keys"

    def __str__(self) -> str:
        return self.key_alias or self.key_name or f"{self.token[:10]}…"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()
