from django.apps import AppConfig
from django.db.models.signals import pre_migrate


class ConsoleConfig(AppConfig):
    name = "litellm_console"
    verbose_name = "LiteLLM Console"

    def ready(self) -> None:
        from litellm_console import checks  # noqa: F401  (registers the schema check)
        from litellm_console.dbschema import ensure_console_schema

        # pre_migrate fires before Django creates django_migrations, so the console schema
        # exists before any console table is created; without it PostgreSQL would silently
        # fall back to the next schema on the search_path: LiteLLM's.
        pre_migrate.connect(ensure_console_schema, dispatch_uid="ensure_console_schema")
