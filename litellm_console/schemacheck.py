"""Compare the console's models with the live LiteLLM tables.

LiteLLM's schema moves on with every release (new columns, new tables); the console maps the
mid-2024 seed columns and must work on both. This module names, table by table, what the
console needs and the database lacks: a missing table or column, or a column of another type.
Extra columns and tables are fine, unless a new column is NOT NULL without a default, which
would make the console's inserts fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

# Model field class -> the PostgreSQL types (information_schema spelling) it can sit on.
_TEXT = {"text", "character varying"}
_TYPES: list[tuple[type[models.Field], set[str]]] = [
    (models.BigIntegerField, {"bigint"}),
    (models.AutoField, {"integer"}),
    (models.IntegerField, {"integer"}),
    (models.FloatField, {"double precision"}),
    (models.BooleanField, {"boolean"}),
    (models.JSONField, {"jsonb"}),
    (models.DateTimeField, {"timestamp without time zone"}),
    (models.CharField, _TEXT),
    (models.TextField, _TEXT),
]


@dataclass(frozen=True)
class Problem:
    table: str
    column: str | None
    message: str
    severity: str = "error"  # "error" breaks the console; "warning" may break some writes

    def __str__(self) -> str:
        where = f'"{self.table}"' + (f'."{self.column}"' if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Report:
    schema: str
    tables_checked: int = 0
    columns_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    not_litellm: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.not_litellm


def litellm_models() -> list[type[models.Model]]:
    """Every console model that maps one of LiteLLM's tables (all unmanaged ones)."""
    return [
        m
        for m in apps.get_models()
        if not m._meta.managed and m._meta.db_table.startswith("LiteLLM_")
    ]


def expected_types(field_obj: models.Field) -> tuple[set[str], str]:
    """(accepted data_types, human name) for a model field's column."""
    if isinstance(field_obj, ArrayField):
        return {"ARRAY"}, "text[]"
    if field_obj.is_relation:
        field_obj = field_obj.target_field
    for cls, types in _TYPES:
        if isinstance(field_obj, cls):
            return types, sorted(types)[0]
    raise TypeError(f"no column type known for {field_obj!r}")


def _live_columns(connection: BaseDatabaseWrapper, schema: str) -> dict[str, dict[str, tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
                   is_identity
            FROM information_schema.columns
            WHERE table_schema = %s AND table_name LIKE 'LiteLLM\\_%%'
            """,
            [schema],
        )
        tables: dict[str, dict[str, tuple]] = {}
        for table, column, data_type, udt, nullable, default, identity in cursor.fetchall():
            tables.setdefault(table, {})[column] = (
                data_type,
                udt,
                nullable == "YES",
                default is not None or identity == "YES",
            )
        return tables


def compare(connection: BaseDatabaseWrapper) -> Report:
    """Check every mapped table and column against the live database."""
    schema = settings.LITELLM_DB_SCHEMA
    report = Report(schema=schema)
    live = _live_columns(connection, schema)
    mapped = litellm_models()
    if not any(m._meta.db_table in live for m in mapped):
        report.not_litellm = True
        return report
    for model in mapped:
        table = model._meta.db_table
        report.tables_checked += 1
        columns = live.get(table)
        if columns is None:
            report.problems.append(Problem(table, None, "table is missing"))
            continue
        mapped_columns = set()
        for f in model._meta.concrete_fields:
            mapped_columns.add(f.column)
            report.columns_checked += 1
            if f.column not in columns:
                report.problems.append(Problem(table, f.column, "column is missing"))
                continue
            data_type, udt, _nullable, _default = columns[f.column]
            accepted, name = expected_types(f)
            if data_type not in accepted:
                report.problems.append(
                    Problem(table, f.column, f"column is {data_type}, the console expects {name}")
                )
            elif data_type == "ARRAY" and udt not in ("_text", "_varchar"):
                report.problems.append(
                    Problem(table, f.column, f"column is {udt[1:]}[], the console expects text[]")
                )
        for column, (_t, _u, nullable, has_default) in sorted(columns.items()):
            if column not in mapped_columns and not nullable and not has_default:
                report.problems.append(
                    Problem(
                        table,
                        column,
                        "unmapped column is NOT NULL without a default: inserts will fail",
                        severity="warning",
                    )
                )
    return report


def format_report(report: Report) -> str:
    """The report as text for people: what was checked and what is wrong."""
    if report.not_litellm:
        return (
            f'This is not a LiteLLM database: schema "{report.schema}" has none of LiteLLM\'s '
            "tables. Check DATABASE_URL (and LITELLM_DB_SCHEMA if LiteLLM uses another schema)."
        )
    lines = [
        f"Checked {report.tables_checked} LiteLLM tables and {report.columns_checked} columns "
        f'in schema "{report.schema}".'
    ]
    if not report.problems:
        lines.append("All tables and columns the console uses are present with the right types.")
    for problem in report.problems:
        lines.append(f"  {problem.severity.upper():8} {problem}")
    if report.errors:
        lines.append(
            f"{len(report.errors)} error(s): the console's pages for these tables will not work. "
            "Upgrade or migrate LiteLLM's database (LiteLLM applies its migrations at start-up)."
        )
    return "\n".join(lines)
