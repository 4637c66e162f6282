from django.apps import AppConfig


class AccessRequestsConfig(AppConfig):
    name = "apps.access_requests"
    verbose_name = "Model access requests"
