"""How fast is the audit log list on a big LiteLLM_AuditLog? Prints figures; asserts nothing.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        uv run python benchmarks/bench_audit_list.py --rows 1000000

Creates (and afterwards drops) a scratch database `litellm_console_bench` on the server named
by DATABASE_URL, builds LiteLLM's seed tables there, fills the audit log with generate_series,
and times the list page's queries: first page, a deep keyset page, filters, and the estimate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
BENCH_DB = "litellm_console_bench"


def _url_for(url: str, db: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


def _timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--with-indexes", action="store_true", help="also time after create_console_indexes"
    )
    args = parser.parse_args()
    server_url = os.environ["DATABASE_URL"]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = _url_for(server_url, BENCH_DB)
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "litellm_console.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from apps.audit.filtersets import AuditLogFilterSet
    from apps.audit.models import AuditLog
    from apps.audit.query import Cursor, estimated_total, keyset_page
    from litellm_console.dbschema import create_litellm_tables

    call_command("migrate", verbosity=0)
    create_litellm_tables("seed")
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO "LiteLLM_AuditLog"
              (id, updated_at, changed_by, action, table_name, object_id, before_value,
               updated_values)
            SELECT 'a-' || n,
                   now() - (n || ' seconds')::interval,
                   'user-' || (n %% 50),
                   (ARRAY['created','updated','deleted'])[1 + n %% 3],
                   (ARRAY['LiteLLM_VerificationToken', 'LiteLLM_TeamTable',
                          'LiteLLM_UserTable'])[1 + n %% 3],
                   md5(n::text),
                   jsonb_build_object('spend', n, 'key_alias', 'key-' || n),
                   jsonb_build_object('key_alias', 'key-' || n || '-renamed')
            FROM generate_series(1, %s) AS n
            """,
            [args.rows],
        )
        cur.execute('ANALYZE "LiteLLM_AuditLog"')
    print(f"filled {args.rows:,} audit rows in {time.perf_counter() - started:.1f} s")

    _measure(AuditLog, AuditLogFilterSet, Cursor, estimated_total, keyset_page, "no extra index")
    if args.with_indexes:
        call_command("create_console_indexes", verbosity=0, stdout=open(os.devnull, "w"))
        with connection.cursor() as cur:
            cur.execute('ANALYZE "LiteLLM_AuditLog"')
        _measure(
            AuditLog,
            AuditLogFilterSet,
            Cursor,
            estimated_total,
            keyset_page,
            "after manage.py create_console_indexes",
        )
    connection.close()
    if not args.keep:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


def _measure(AuditLog, AuditLogFilterSet, Cursor, estimated_total, keyset_page, label):  # noqa: N803
    print(f"--- {label}")
    qs = AuditLog.objects.all()
    ms, page = _timed(lambda: keyset_page(qs, size=50))
    print(f"first page (50 rows, newest first):        {ms:8.1f} ms")
    deep = page
    for _ in range(20):
        deep = keyset_page(qs, after=Cursor.decode(deep.next_cursor), size=50)
    cursor = Cursor.decode(deep.next_cursor)
    ms, _ = _timed(lambda: keyset_page(qs, after=cursor, size=50))
    print(f"page 22 via keyset cursor:                 {ms:8.1f} ms")
    ms, _ = _timed(lambda: estimated_total())
    print(f"estimated total (pg_class.reltuples):      {ms:8.1f} ms")
    ms, _ = _timed(lambda: qs.count(), repeat=3)
    print(f"for comparison, COUNT(*):                  {ms:8.1f} ms")
    for name, params in [
        ("filter table=TeamTable", {"table_name": "LiteLLM_TeamTable"}),
        ("filter object_id (one object)", {"object_id": "c4ca4238a0b923820dcc509a6f75849b"}),
        ("search q=user-7", {"q": "user-7"}),
    ]:
        fs = AuditLogFilterSet(params, queryset=qs)
        assert fs.is_valid(), fs.errors
        ms, _ = _timed(lambda fs=fs: keyset_page(fs.qs, size=50))
        print(f"{name + ':':43}{ms:8.1f} ms")


if __name__ == "__main__":
    main()
