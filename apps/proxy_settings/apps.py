from django.apps import AppConfig


class ProxySettingsConfig(AppConfig):
    name = "apps.proxy_settings"
    verbose_name = "Proxy settings"
