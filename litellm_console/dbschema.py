"""The database around the models: the console's own schema and LiteLLM's table layouts.

Creating LiteLLM's tables is for demo and test databases only. `create_litellm_tables`
refuses a database that already holds any LiteLLM table, so it can never touch a deployment.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

LAYOUTS = ("seed", "latest")
SEED_SQL = Path(__file__).parent / "sql" / "seed_schema.sql"


class LiteLLMTablesExist(Exception):
    """Raised instead of creating tables in a database that already has LiteLLM's."""


def ensure_console_schema(using: str = "default", **kwargs) -> None:
    """Create the console's own schema if missing (connected to `pre_migrate`)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{settings.CONSOLE_DB_SCHEMA}"')


def litellm_tables(connection: BaseDatabaseWrapper) -> set[str]:
    """Names of the LiteLLM_* tables in LiteLLM's schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = %s AND table_name LIKE 'LiteLLM\\_%%'
            """,
            [settings.LITELLM_DB_SCHEMA],
        )
        return {row[0] for row in cursor.fetchall()}


def latest_migration_files() -> list[Path]:
    """LiteLLM's own migrations from `litellm-proxy-extras`, in the order Prisma applies them."""
    root = resources.files("litellm_proxy_extras") / "migrations"
    folders = sorted(p for p in Path(str(root)).iterdir() if p.is_dir())
    return [folder / "migration.sql" for folder in folders if (folder / "migration.sql").exists()]


_CONCURRENTLY = re.compile(r"\bCONCURRENTLY\b", re.IGNORECASE)


def layout_sql(layout: str) -> list[str]:
    """The SQL scripts that build `layout`, each runnable inside one transaction."""
    if layout == "seed":
        return [SEED_SQL.read_text()]
    if layout == "latest":
        # CREATE INDEX CONCURRENTLY cannot run in a transaction; on an empty throwaway database
        # the plain form is equivalent.
        return [_CONCURRENTLY.sub("", path.read_text()) for path in latest_migration_files()]
    raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")


def create_litellm_tables(layout: str, using: str = "default") -> int:
    """Create LiteLLM's tables in `layout` in an empty database; return the table count."""
    connection = connections[using]
    scripts = layout_sql(layout)
    existing = litellm_tables(connection)
    if existing:
        raise LiteLLMTablesExist(
            f"this database already has {len(existing)} LiteLLM tables "
            f"(e.g. {sorted(existing)[0]}); refusing to create or change any"
        )
    schema = settings.LITELLM_DB_SCHEMA
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        cursor.execute("SELECT current_setting('search_path')")
        (previous,) = cursor.fetchone()
        # LiteLLM's SQL uses unqualified names: run it with LiteLLM's schema first, then put
        # the path back (SET LOCAL would outlive this block inside an outer transaction). On
        # failure the rollback restores it, and PostgreSQL's own error reaches the caller.
        cursor.execute("SELECT set_config('search_path', %s, true)", [f'"{schema}"'])
        for script in scripts:
            cursor.execute(script)
        cursor.execute("SELECT set_config('search_path', %s, true)", [previous])
    return len(litellm_tables(connection))
