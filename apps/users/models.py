from django.contrib.postgres.fields import ArrayField
from django.db import models

from litellm_console.columns import BudgetPeriod, ModelLimits, RateLimits, TrackedSpend
from litellm_console.compat import roles
from litellm_console.fields import LiteLLMModel


class ProxyUser(LiteLLMModel, RateLimits, BudgetPeriod, TrackedSpend, ModelLimits):
    """`LiteLLM_UserTable`: a person (or the proxy admin) who signs in and owns keys."""

    user_id = models.CharField("user id", primary_key=True)
    user_alias = models.CharField("alias", null=True, blank=True)
    team_id = models.CharField(null=True, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        db_column="organization_id",
        null=True,
        blank=True,
        related_name="users",
    )
    # Never shown or logged; written only through compat.passwords.
    password = models.CharField(null=True, blank=True, editable=False)
    teams = ArrayField(models.TextField(), db_default=[], default=list, null=True, blank=True)
    user_role = models.CharField("role", null=True, blank=True, choices=roles.USER_ROLE_CHOICES)
    user_email = models.CharField("email", null=True, blank=True)
    metadata = models.JSONField(default=dict, db_default={}, blank=True)
    allowed_cache_controls = ArrayField(
        models.TextField(), db_default=[], default=list, null=True, blank=True
    )

    class Meta:
        managed = False
        db_table = "LiteLLM_UserTable"
        ordering = ["user_id"]
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self) -> str:
        return self.user_email or self.user_alias or self.user_id
