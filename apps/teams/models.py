from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Now

from litellm_console.columns import BudgetPeriod, ModelLimits, RateLimits, Stamped, TrackedSpend
from litellm_console.fields import LiteLLMModel, UpdatedAtField, UTCDateTimeField, new_uuid


class ModelAliasSet(LiteLLMModel, Stamped):
    """`LiteLLM_ModelTable`: one team's model aliases (`{"alias": "model"}`)."""

    id = models.AutoField(primary_key=True)
    model_aliases = models.JSONField(db_column="aliases", null=True, blank=True)

    class Meta:
        managed = False
        db_table = "LiteLLM_ModelTable"
        ordering = ["id"]
        verbose_name = "team model aliases"
        verbose_name_plural = "team model aliases"

    def __str__(self) -> str:
        return f"Model aliases #{self.id}"


class Team(LiteLLMModel, RateLimits, BudgetPeriod, TrackedSpend, ModelLimits):
    """`LiteLLM_TeamTable`: keys are assigned to teams; members have roles admin/user."""

    team_id = models.CharField("team id", primary_key=True, default=new_uuid, editable=False)
    team_alias = models.CharField("name", null=True, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        db_column="organization_id",
        null=True,
        blank=True,
        related_name="teams",
    )
    # Legacy arrays LiteLLM no longer uses; membership lives in members_with_roles.
    admins = ArrayField(models.TextField(), null=True, blank=True, default=list, editable=False)
    members = ArrayField(models.TextField(), null=True, blank=True, default=list, editable=False)
    # A JSON array of {"role", "user_id", "user_email"}; the column default `{}` means empty.
    members_with_roles = models.JSONField(db_default={}, default=list, blank=True)
    metadata = models.JSONField(db_default={}, default=dict, blank=True)
    blocked = models.BooleanField(db_default=False, default=False)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UpdatedAtField(db_default=Now())
    model_aliases = models.OneToOneField(
        ModelAliasSet,
        on_delete=models.SET_NULL,
        db_column="model_id",
        null=True,
        blank=True,
        related_name="team",
    )

    class Meta:
        managed = False
        db_table = "LiteLLM_TeamTable"
        ordering = ["team_alias", "team_id"]
        verbose_name = "team"
        verbose_name_plural = "teams"

    def __str__(self) -> str:
        return self.team_alias or self.team_id

    @property
    def member_list(self) -> list[dict]:
        """members_with_roles as a list, whatever shape an older writer left (`{}` = none)."""
        value = self.members_with_roles
        return [m for m in value if isinstance(m, dict)] if isinstance(value, list) else []


class TeamMembership(LiteLLMModel):
    """`LiteLLM_TeamMembership`: a user's spend and budget within one team."""

    pk = models.CompositePrimaryKey("user_id", "team_id")
    user_id = models.CharField("user id")
    team_id = models.CharField("team id")
    spend = models.FloatField(db_default=0.0, editable=False)
    budget = models.ForeignKey(
        "budgets.Budget",
        on_delete=models.SET_NULL,
        db_column="budget_id",
        null=True,
        blank=True,
        related_name="team_memberships",
    )

    class Meta:
        managed = False
        db_table = "LiteLLM_TeamMembership"
        ordering = ["team_id", "user_id"]
        verbose_name = "team membership"
        verbose_name_plural = "team memberships"

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id}"
