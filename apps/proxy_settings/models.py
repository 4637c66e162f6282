from django.db import models

from litellm_console.fields import LiteLLMModel


class ProxySetting(LiteLLMModel):
    """`LiteLLM_Config`: one section of the proxy's config (general_settings, ...)."""

    param_name = models.CharField("section", primary_key=True)
    param_value = models.JSONField("value", null=True, blank=True)

    class Meta:
        managed = False
        db_table = "LiteLLM_Config"
        ordering = ["param_name"]
        verbose_name = "proxy setting"
        verbose_name_plural = "proxy settings"

    def __str__(self) -> str:
        return self.param_name
