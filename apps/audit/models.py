import json

from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from litellm_console.fields import UTCDateTimeField, new_uuid


def _as_object(value):
    """LiteLLM sometimes stored a JSON *string* inside JSONB: decode it once more."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class AuditLog(models.Model):
    """`LiteLLM_AuditLog`: one created/updated/deleted change to a LiteLLM row."""

    id = models.CharField(primary_key=True, default=new_uuid, editable=False)
    updated_at = UTCDateTimeField("when", db_default=Now(), default=timezone.now)
    changed_by = models.CharField(db_default="", default="", blank=True)
    changed_by_api_key = models.CharField(db_default="", default="", blank=True)
    action = models.CharField()
    table_name = models.CharField()
    object_id = models.CharField("object id")
    before_value = models.JSONField(null=True, blank=True)
    updated_values = models.JSONField(null=True, blank=True)

    class Meta:
        managed = False
        db_table = "LiteLLM_AuditLog"
        ordering = ["-updated_at", "-id"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"

    def __str__(self) -> str:
        return f"{self.action} {self.table_name} {self.object_id}"

    @property
    def before(self):
        return _as_object(self.before_value)

    @property
    def after(self):
        return _as_object(self.updated_values)
