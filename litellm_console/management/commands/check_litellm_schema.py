from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from litellm_console.schemacheck import compare, format_report


class Command(BaseCommand):
    help = "Compare every LiteLLM table and column the console maps with the live database."

    def handle(self, *args, **options):
        report = compare(connection)
        text = format_report(report)
        if not report.ok:
            raise CommandError(text)
        self.stdout.write(text)
