from django.contrib.postgres.fields import ArrayField
from django.db import models

from litellm_console.fields import LiteLLMModel, new_uuid


class ModelAccessRequest(LiteLLMModel):
    """`LiteLLM_UserNotifications`: a user asking for access to more models."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DISAPPROVED = "disapproved", "Denied"

    request_id = models.CharField(primary_key=True, default=new_uuid, editable=False)
    user_id = models.CharField("user id")
    requested_models = ArrayField(models.TextField(), db_column="models", null=True, default=list)
    justification = models.TextField()
    status = models.CharField(choices=Status.choices, default=Status.PENDING)

    class Meta:
        managed = False
        db_table = "LiteLLM_UserNotifications"
        ordering = ["status", "request_id"]
        verbose_name = "model access request"
        verbose_name_plural = "model access requests"

    def __str__(self) -> str:
        return f"{self.user_id}: {', '.join(self.requested_models or [])}"
