"""Where tables live, and how the console reports a database that does not fit its models.

DDL is transactional in PostgreSQL: every ALTER / DROP below runs inside the test's transaction
and is rolled back with it.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from apps.accounts.services import sync_django_user
from litellm_console import dbschema, schemacheck
from litellm_console.dbschema import (
    LiteLLMTablesExist,
    create_litellm_tables,
    litellm_tables,
)

# Tables LiteLLM itself may keep next to its LiteLLM_* ones (Prisma's migration journal on a
# deployment that ran `prisma migrate deploy`; our `latest` layout applies the SQL directly
# and creates none).
LITELLM_OWN_TABLES = {"_prisma_migrations"}
EMPTY_SCHEMA = "lc_test_empty"


def execute(sql: str, params: list | tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def tables_in(schema: str) -> set[str]:
    rows = execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
    )
    return {name for (name,) in rows}


def django_tables() -> set[str]:
    """Every table Django manages (models, auto-created m2m tables) plus its migration log."""
    names = {"django_migrations"}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    return names


def problem_names(report) -> dict[str, str]:
    return {f"{p.table}.{p.column}" if p.column else p.table: p.message for p in report.problems}


# --- Where the tables are ----------------------------------------------------------------------


def test_public_schema_holds_only_litellms_tables(db, litellm_layout):
    public = tables_in("public")
    assert public, "LiteLLM's tables were not created in public"
    strangers = {t for t in public if not t.startswith("LiteLLM_") and t not in LITELLM_OWN_TABLES}
    assert strangers == set()
    assert len(public) == (15 if litellm_layout == "seed" else 101)
    assert settings.LITELLM_DB_SCHEMA == "public"


def test_no_django_relation_in_litellms_schema(db):
    """Not even a sequence or an index: `prisma db push` drops what it does not know."""
    rows = execute(
        """
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s
          AND (c.relname LIKE 'auth\\_%%' OR c.relname LIKE 'django\\_%%')
        """,
        [settings.LITELLM_DB_SCHEMA],
    )
    assert rows == []


def test_django_tables_are_in_the_console_schema(db):
    expected = django_tables()
    assert {"django_migrations", "auth_user", "django_session", "django_content_type"} <= expected
    console = tables_in(settings.CONSOLE_DB_SCHEMA)
    assert expected <= console, expected - console
    assert not expected & tables_in("public")
    assert settings.CONSOLE_DB_SCHEMA != settings.LITELLM_DB_SCHEMA
    # And the ORM finds them through the search path.
    assert execute("SELECT count(*) FROM django_migrations")[0][0] > 0


# --- The compatibility check passes on a good database -----------------------------------------


def test_compare_passes(db):
    report = schemacheck.compare(connection)
    assert report.ok
    assert report.problems == []
    assert report.not_litellm is False
    assert report.tables_checked == 15
    expected_columns = sum(len(m._meta.concrete_fields) for m in schemacheck.litellm_models())
    assert report.columns_checked == expected_columns


def test_check_litellm_schema_command_passes(db, capsys):
    call_command("check_litellm_schema")
    out = capsys.readouterr().out
    assert "Checked 15 LiteLLM tables" in out
    assert "All tables and columns the console uses are present" in out


def test_django_check_passes(db):
    call_command("check", databases=["default"])


# --- ... and names what is wrong on a bad one --------------------------------------------------


def test_missing_column_is_named(db, capsys):
    execute('ALTER TABLE "LiteLLM_VerificationToken" DROP COLUMN key_alias')

    report = schemacheck.compare(connection)
    assert not report.ok
    assert problem_names(report) == {"LiteLLM_VerificationToken.key_alias": "column is missing"}
    (problem,) = report.errors
    assert str(problem) == '"LiteLLM_VerificationToken"."key_alias": column is missing'
    assert '"LiteLLM_VerificationToken"."key_alias"' in schemacheck.format_report(report)

    with pytest.raises(SystemCheckError) as check_error:
        call_command("check", databases=["default"])
    assert '"LiteLLM_VerificationToken"."key_alias": column is missing' in str(check_error.value)
    assert "litellm_console.E002" in str(check_error.value)

    with pytest.raises(CommandError) as command_error:
        call_command("check_litellm_schema")
    message = str(command_error.value)
    assert '"LiteLLM_VerificationToken"."key_alias": column is missing' in message
    assert "1 error(s)" in message


def test_wrong_column_types_are_named(db):
    execute('ALTER TABLE "LiteLLM_TeamTable" ALTER COLUMN spend TYPE text')
    execute(
        'ALTER TABLE "LiteLLM_UserTable" ALTER COLUMN models TYPE integer[] USING NULL::integer[]'
    )
    execute('ALTER TABLE "LiteLLM_BudgetTable" ALTER COLUMN tpm_limit TYPE integer')

    report = schemacheck.compare(connection)
    assert not report.ok
    assert problem_names(report) == {
        "LiteLLM_TeamTable.spend": "column is text, the console expects double precision",
        "LiteLLM_UserTable.models": "column is int4[], the console expects text[]",
        "LiteLLM_BudgetTable.tpm_limit": "column is integer, the console expects bigint",
    }
    with pytest.raises(CommandError, match=r'"LiteLLM_TeamTable"\."spend": column is text'):
        call_command("check_litellm_schema")


def test_missing_table_is_named(db):
    execute('DROP TABLE "LiteLLM_AuditLog"')
    report = schemacheck.compare(connection)
    assert problem_names(report) == {"LiteLLM_AuditLog": "table is missing"}
    assert report.tables_checked == 15
    with pytest.raises(SystemCheckError, match='"LiteLLM_AuditLog": table is missing'):
        call_command("check", databases=["default"])


def test_extra_not_null_column_without_default_is_only_a_warning(db, capsys):
    """A newer LiteLLM column the console does not map: harmless unless inserts would fail."""
    execute('ALTER TABLE "LiteLLM_EndUserTable" ADD COLUMN new_nullable text')
    execute(
        "ALTER TABLE \"LiteLLM_EndUserTable\" ADD COLUMN new_with_default text NOT NULL DEFAULT 'x'"
    )
    execute('ALTER TABLE "LiteLLM_EndUserTable" ADD COLUMN new_required text NOT NULL')
    report = schemacheck.compare(connection)
    assert report.ok
    assert [(p.table, p.column, p.severity) for p in report.problems] == [
        ("LiteLLM_EndUserTable", "new_required", "warning")
    ]
    call_command("check", databases=["default"])  # warnings do not fail the check
    call_command("check_litellm_schema")
    assert "WARNING" in capsys.readouterr().out


@pytest.fixture
def empty_litellm_schema(db):
    """LITELLM_DB_SCHEMA pointing at a schema with no tables (created in the transaction)."""
    execute(f'CREATE SCHEMA "{EMPTY_SCHEMA}"')
    with override_settings(LITELLM_DB_SCHEMA=EMPTY_SCHEMA):
        yield EMPTY_SCHEMA


def test_database_without_litellm_tables_is_reported(empty_litellm_schema):
    report = schemacheck.compare(connection)
    assert report.not_litellm and not report.ok
    assert "not a LiteLLM database" in schemacheck.format_report(report)

    with pytest.raises(CommandError, match="not a LiteLLM database"):
        call_command("check_litellm_schema")
    with pytest.raises(SystemCheckError) as error:
        call_command("check", databases=["default"])
    assert "litellm_console.E001" in str(error.value)
    assert "none of LiteLLM's tables" in str(error.value)


def test_renamed_tables_are_not_a_litellm_database(db):
    for table in sorted(litellm_tables(connection)):
        execute(f'ALTER TABLE "{table}" RENAME TO "old_{table}"')
    assert litellm_tables(connection) == set()
    report = schemacheck.compare(connection)
    assert report.not_litellm
    with pytest.raises(CommandError, match="not a LiteLLM database"):
        call_command("check_litellm_schema")


# --- create_litellm_tables never touches an existing LiteLLM database --------------------------


@pytest.mark.parametrize("layout", ["seed", "latest"])
def test_create_litellm_tables_refuses_when_tables_exist(db, layout):
    before = tables_in("public")
    with pytest.raises(LiteLLMTablesExist, match="refusing"):
        create_litellm_tables(layout)
    with pytest.raises(CommandError, match="refusing"):
        call_command("create_litellm_tables", layout=layout)
    assert tables_in("public") == before
    assert schemacheck.compare(connection).ok


def test_create_litellm_tables_if_missing_succeeds_without_changes(db, capsys):
    before = tables_in("public")
    call_command("create_litellm_tables", layout="seed", if_missing=True)
    assert "nothing created" in capsys.readouterr().out
    assert tables_in("public") == before


def test_create_litellm_tables_refuses_if_even_one_table_exists(empty_litellm_schema):
    execute(f'CREATE TABLE "{EMPTY_SCHEMA}"."LiteLLM_Config" (param_name text primary key)')
    with pytest.raises(LiteLLMTablesExist):
        create_litellm_tables("seed")
    assert tables_in(EMPTY_SCHEMA) == {"LiteLLM_Config"}


def test_create_litellm_tables_builds_a_layout_the_check_accepts(empty_litellm_schema):
    """Seed layout only: LiteLLM's own migrations look constraints up by name in every schema
    (`pg_constraint WHERE conname = ...`), so `latest` cannot be built in a second schema of a
    database that already has LiteLLM's tables (it builds fine in an empty database)."""
    assert create_litellm_tables("seed") == 15
    assert all(t.startswith("LiteLLM_") for t in tables_in(EMPTY_SCHEMA))
    report = schemacheck.compare(connection)
    assert report.ok and report.problems == [], schemacheck.format_report(report)


def test_create_litellm_tables_leaves_the_search_path_alone(empty_litellm_schema):
    before = execute("SHOW search_path")
    with transaction.atomic():
        create_litellm_tables("seed")
    assert execute("SHOW search_path") == before


def test_create_litellm_tables_reports_the_real_sql_error(empty_litellm_schema, monkeypatch):
    monkeypatch.setattr(
        dbschema, "layout_sql", lambda layout: ['CREATE TABLE "LiteLLM_X" (a int)', "CREATE TABL x"]
    )
    with pytest.raises(DatabaseError) as error:
        create_litellm_tables("seed")
    assert "syntax error" in str(error.value)
    assert tables_in(EMPTY_SCHEMA) == set()


# --- A page whose table is missing -------------------------------------------------------------


def test_missing_table_renders_an_explanatory_503(db, client, proxy_admin):
    client.raise_request_exception = False
    client.force_login(sync_django_user(proxy_admin))
    assert client.get("/").status_code == 200

    savepoint = transaction.savepoint()
    execute('DROP TABLE "LiteLLM_VerificationToken" CASCADE')
    response = client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "check_litellm_schema" in body
    assert "LiteLLM_VerificationToken" in body  # PostgreSQL's message, first line
    assert "Traceback" not in body
    transaction.savepoint_rollback(savepoint)

    assert client.get("/").status_code == 200


def test_missing_column_read_by_middleware_also_renders_the_503(db, client, proxy_admin):
    # The signed-in user's LiteLLM row is read in middleware, before any view runs.
    client.raise_request_exception = False
    client.force_login(sync_django_user(proxy_admin))
    savepoint = transaction.savepoint()
    execute('ALTER TABLE "LiteLLM_UserTable" RENAME COLUMN user_alias TO user_alias_gone')
    response = client.get("/")
    transaction.savepoint_rollback(savepoint)
    assert response.status_code == 503
    body = response.content.decode()
    assert "check_litellm_schema" in body
    assert "user_alias" in body
