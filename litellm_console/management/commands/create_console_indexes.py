from django.core.management.base import BaseCommand
from django.db import connection

# Read paths of the console that LiteLLM's own indexes do not cover. Indexes only: no table
# or column of LiteLLM's is created or changed, and LiteLLM keeps working without them.
INDEXES = [
    (
        "litellm_console_auditlog_updated_at",
        '"LiteLLM_AuditLog" (updated_at DESC, id DESC)',
        "audit log list: newest first, keyset pages",
    ),
    (
        "litellm_console_auditlog_object_id",
        '"LiteLLM_AuditLog" (object_id, updated_at DESC)',
        "History section on each object's page; object id filter",
    ),
]


class Command(BaseCommand):
    help = (
        "Optional: create the indexes that keep the console's audit pages fast on millions of "
        "rows (CREATE INDEX CONCURRENTLY IF NOT EXISTS; safe on a live database). LiteLLM's "
        "schema sync may drop unknown indexes on upgrade: re-run it after upgrading LiteLLM."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the SQL only.")

    def handle(self, *args, dry_run, **options):
        for name, target, why in INDEXES:
            sql = f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON {target}'
            self.stdout.write(f"{sql};  -- {why}")
            if not dry_run:
                # CONCURRENTLY cannot run inside a transaction: autocommit per statement.
                with connection.cursor() as cursor:
                    cursor.execute(sql)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"{len(INDEXES)} indexes present."))
