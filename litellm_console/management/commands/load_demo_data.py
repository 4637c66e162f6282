from django.core.management.base import CommandError, CommandParser

from apps.audit.commands import AuditedCommand
from litellm_console import demo


class Command(AuditedCommand):
    help = (
        "Fill the database with demo data: organizations, teams, users, keys, customers, "
        "deployments, config and 30 days of spend logs. Does nothing if the demo data is already "
        "there. For demo databases only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--spend-rows",
            type=int,
            default=demo.DEFAULT_SPEND_ROWS,
            help=f"How many spend log rows to generate (default {demo.DEFAULT_SPEND_ROWS}).",
        )

    def handle(self, *args, spend_rows: int, actor: str, **options) -> None:
        if spend_rows < 0:
            raise CommandError("--spend-rows must be 0 or more.")
        try:
            summary = demo.load_demo_data(spend_rows=spend_rows, actor=actor)
        except demo.NotADemoDatabase as exc:
            raise CommandError(str(exc)) from exc
        if summary.already_present:
            self.stdout.write("Demo data is already present; nothing was created.")
            return
        created = ", ".join(f"{count} {name}" for name, count in summary.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Created {created} in {summary.seconds:.1f} s."))
