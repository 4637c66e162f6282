"""How fast is the dashboard (home page) over many spend logs? Prints figures; asserts nothing.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        uv run python benchmarks/bench_dashboard.py --spend-rows 1000000

Creates (and afterwards drops) a scratch database `litellm_console_bench_home`, builds
LiteLLM's current tables there, loads the demo world with that many spend logs (30 days), and
times the home page for a proxy admin (whole proxy) and for an internal user (own figures).
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
BENCH_DB = "litellm_console_bench_home"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spend-rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    server_url = os.environ["DATABASE_URL"]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(server_url)._replace(path=f"/{BENCH_DB}"))
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "litellm_console.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["STATICFILES_MANIFEST"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.services import sync_django_user
    from apps.users.models import ProxyUser
    from litellm_console import demo
    from litellm_console.dbschema import create_litellm_tables

    call_command("migrate", verbosity=0, skip_checks=True)
    create_litellm_tables("latest")
    started = time.perf_counter()
    demo.load_demo_data(spend_rows=args.spend_rows)
    with connection.cursor() as cur:
        cur.execute('ANALYZE "LiteLLM_SpendLogs"')
    print(
        f"loaded demo with {args.spend_rows:,} spend logs in {time.perf_counter() - started:.1f} s"
    )

    for label, role in (
        ("proxy admin (whole proxy)", "proxy_admin"),
        ("internal user", "internal_user"),
    ):
        person = ProxyUser.objects.filter(user_role=role).order_by("user_id").first()
        client = Client()
        client.force_login(sync_django_user(person))
        client.get("/")  # warm caches and connections
        times = []
        for _ in range(5):
            reset_queries()
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/")
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        print(
            f"home page, {label:26} median {statistics.median(times):7.1f} ms, "
            f"{len(queries)} queries, slowest {float(slowest['time']) * 1000:.1f} ms: "
            f"{slowest['sql'][:70]}…"
        )
    connection.close()
    if not args.keep:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


if __name__ == "__main__":
    main()
