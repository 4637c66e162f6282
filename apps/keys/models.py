from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from litellm_console.fields import LiteLLMModel, UTCDateTimeField


class VirtualKey(LiteLLMModel):
    """`LiteLLM_VerificationToken`: a virtual key. Only its sha256 hash (`token`) is stored."""

    token = models.CharField("key hash", primary_key=True, editable=False)
    key_name = models.CharField("key", null=True, blank=True, editable=False)
    key_alias = models.CharField("alias", null=True, blank=True)
    soft_budget_cooldown = models.BooleanField(db_default=False, default=False, editable=False)
    spend = models.FloatField(db_default=0.0, editable=False)
    expires = UTCDateTimeField(null=True, blank=True)
    allowed_models = ArrayField(
        models.TextField(), db_column="models", null=True, blank=True, default=list
    )
    aliases = models.JSONField(db_default={}, default=dict, blank=True)
    config = models.JSONField(db_default={}, default=dict, blank=True)
    # Plain ids, not foreign keys: LiteLLM's schema has no relation here and keeps keys of
    # deleted users and teams.
    user_id = models.CharField("user id", null=True, blank=True)
    team_id = models.CharField("team id", null=True, blank=True)
    permissions = models.JSONField(db_default={}, default=dict, blank=True)
    max_parallel_requests = models.IntegerField(null=True, blank=True)
    metadata = models.JSONField(db_default={}, default=dict, blank=True)
    blocked = models.BooleanField(null=True, blank=True)
    tpm_limit = models.BigIntegerField("TPM limit", null=True, blank=True)
    rpm_limit = models.BigIntegerField("RPM limit", null=True, blank=True)
    max_budget = models.FloatField("max budget (USD)", null=True, blank=True)
    budget_duration = models.CharField(null=True, blank=True)
    budget_reset_at = UTCDateTimeField(null=True, blank=True)
    allowed_cache_controls = ArrayField(
        models.TextField(), db_default=[], default=list, null=True, blank=True
    )
    model_spend = models.JSONField(db_default={}, default=dict, editable=False)
    model_max_budget = models.JSONField(db_default={}, default=dict, blank=True)
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
