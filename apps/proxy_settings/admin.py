from django.contrib import admin

from apps.proxy_settings.models import ProxySetting
from litellm_console.admin_utils import ConsoleModelAdmin

# Every value in this section is SecretBox ciphertext: editing it as raw JSON could store a
# plaintext secret the proxy cannot decrypt. The console's settings pages encrypt properly.
ENCRYPTED_SECTIONS = frozenset({"environment_variables"})


@admin.register(ProxySetting)
class ProxySettingAdmin(ConsoleModelAdmin):
    list_display = ("param_name", "keys")
    search_fields = ("param_name",)

    @admin.display(description="keys")
    def keys(self, obj):
        value = obj.param_value
        return ", ".join(sorted(value)) if isinstance(value, dict) else "-"

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.param_name in ENCRYPTED_SECTIONS:
            fields = [*fields, self.json_displays["param_value"]]
        return fields
