"""Management commands whose writes are audited under an explicit actor."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from apps.audit.context import acting_as


class AuditedCommand(BaseCommand):
    """A command that records its writes as `--actor` (default `system:<command name>`)."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--actor",
            default=f"system:{subcommand}",
            help="Who the audit log names for this command's changes (default: %(default)s).",
        )
        return parser

    def execute(self, *args, **options):
        actor = options.get("actor") or f"system:{self.__module__.rsplit('.', 1)[-1]}"
        with acting_as(actor):
            return super().execute(*args, **options)
