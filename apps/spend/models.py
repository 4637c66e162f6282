from django.db import models

from litellm_console.fields import UTCDateTimeField, new_uuid


class SpendLog(models.Model):
    """`LiteLLM_SpendLogs`: one row per request, written by the proxy. Read-only here."""

    request_id = models.CharField(primary_key=True)
    call_type = models.CharField()
    api_key = models.CharField("key hash", db_default="", default="", blank=True)
    spend = models.FloatField(db_default=0.0, default=0.0)
    total_tokens = models.IntegerField(db_default=0, default=0)
    prompt_tokens = models.IntegerField(db_default=0, default=0)
    completion_tokens = models.IntegerField(db_default=0, default=0)
    start_time = UTCDateTimeField(db_column="startTime")
    end_time = UTCDateTimeField(db_column="endTime")
    completion_start_time = UTCDateTimeField(db_column="completionStartTime", null=True)
    model = models.CharField(db_default="", default="", blank=True)
    model_id = models.CharField(db_default="", default="", null=True, blank=True)
    model_group = models.CharField(db_default="", default="", null=True, blank=True)
    api_base = models.CharField(db_default="", default="", null=True, blank=True)
    user = models.CharField(db_default="", default="", null=True, blank=True)
    metadata = models.JSONField(db_default={}, default=dict, null=True, blank=True)
    cache_hit = models.CharField(db_default="", default="", null=True, blank=True)
    cache_key = models.CharField(db_default="", default="", null=True, blank=True)
    request_tags = models.JSONField(db_default=[], default=list, null=True, blank=True)
    team_id = models.CharField(null=True, blank=True)
    end_user = models.CharField(null=True, blank=True)
    requester_ip_address = models.CharField(null=True, blank=True)

    class Meta:
        managed = False
        db_table = "LiteLLM_SpendLogs"
        ordering = ["-start_time"]
        verbose_name = "spend log"
        verbose_name_plural = "spend logs"

    def __str__(self) -> str:
        return self.request_id


class ErrorLog(models.Model):
    """`LiteLLM_ErrorLogs`: a failed request, written by the proxy. Read-only here."""

    request_id = models.CharField(primary_key=True, default=new_uuid)
    start_time = UTCDateTimeField(db_column="startTime")
    end_time = UTCDateTimeField(db_column="endTime")
    api_base = models.CharField(db_default="", default="", blank=True)
    model_group = models.CharField(db_default="", default="", blank=True)
    litellm_model_name = models.CharField(db_default="", default="", blank=True)
    model_id = models.CharField(db_default="", default="", blank=True)
    request_kwargs = models.JSONField(db_default={}, default=dict, blank=True)
    exception_type = models.CharField(db_default="", default="", blank=True)
    exception_string = models.TextField(db_default="", default="", blank=True)
    status_code = models.CharField(db_default="", default="", blank=True)

    class Meta:
        managed = False
        db_table = "LiteLLM_ErrorLogs"
        ordering = ["-start_time"]
        verbose_name = "error log"
        verbose_name_plural = "error logs"

    def __str__(self) -> str:
        return f"{self.exception_type or 'error'} {self.request_id}"
