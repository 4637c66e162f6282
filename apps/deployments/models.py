from django.db import models

from litellm_console.columns import Stamped
from litellm_console.fields import LiteLLMModel, new_uuid


class ModelDeployment(LiteLLMModel, Stamped):
    """`LiteLLM_ProxyModelTable`: a model added through the UI. String params are encrypted."""

    model_id = models.CharField("model id", primary_key=True, default=new_uuid, editable=False)
    model_name = models.CharField("public model name")
    # Every string value is SecretBox-encrypted (see compat.secretbox); never decrypted for
    # display or audit.
    litellm_params = models.JSONField(default=dict)
    model_info = models.JSONField(null=True, blank=True)

    class Meta:
        managed = False
        db_table = "LiteLLM_ProxyModelTable"
        ordering = ["model_name", "model_id"]
        verbose_name = "model deployment"
        verbose_name_plural = "model deployments"

    def __str__(self) -> str:
        return self.model_name
