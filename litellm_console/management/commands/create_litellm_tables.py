from django.core.management.base import BaseCommand, CommandError

from litellm_console.dbschema import LAYOUTS, LiteLLMTablesExist, create_litellm_tables


class Command(BaseCommand):
    help = (
        "Create LiteLLM's tables in an EMPTY database, for demos and tests. Refuses a database "
        "that already has any LiteLLM table. Never run against a real deployment: LiteLLM "
        "creates its own tables there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--layout",
            choices=LAYOUTS,
            default="latest",
            help="seed: the mid-2024 seed schema; latest: litellm-proxy-extras' migrations.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing (and succeed) when LiteLLM's tables already exist.",
        )

    def handle(self, *args, layout, if_missing, **options):
        try:
            count = create_litellm_tables(layout)
        except LiteLLMTablesExist as exc:
            if if_missing:
                self.stdout.write(f"LiteLLM tables already present; nothing created ({exc}).")
                return
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {count} LiteLLM tables ({layout} layout)."))
