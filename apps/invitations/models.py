from django.db import models
from django.utils import timezone

from litellm_console.fields import LiteLLMModel, UpdatedAtField, UTCDateTimeField, new_uuid


class Invitation(LiteLLMModel):
    """`LiteLLM_InvitationLink`: a one-time link that lets an existing user set a password."""

    id = models.CharField(primary_key=True, default=new_uuid, editable=False)
    user = models.ForeignKey(
        "users.ProxyUser",
        on_delete=models.PROTECT,
        db_column="user_id",
        related_name="invitations",
    )
    is_accepted = models.BooleanField("accepted", db_default=False, default=False)
    accepted_at = UTCDateTimeField(null=True, blank=True)
    expires_at = UTCDateTimeField()
    # No database defaults on these: LiteLLM's client sets them.
    created_at = UTCDateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        "users.ProxyUser",
        on_delete=models.PROTECT,
        db_column="created_by",
        related_name="invitations_created",
    )
    updated_at = UpdatedAtField()
    updated_by = models.ForeignKey(
        "users.ProxyUser",
        on_delete=models.PROTECT,
        db_column="updated_by",
        related_name="invitations_updated",
    )

    class Meta:
        managed = False
        db_table = "LiteLLM_InvitationLink"
        ordering = ["-created_at"]
        verbose_name = "invitation"
        verbose_name_plural = "invitations"

    def __str__(self) -> str:
        return f"Invitation for {self.user_id}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
