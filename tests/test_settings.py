"""Settings come from the environment; the proxy's own DATABASE_URL must work as it is."""

import json
import os
import subprocess
import sys

import pytest

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.LITELLM_DB_SCHEMA, s.DATABASES['default']['OPTIONS'], s.DEBUG]))"
)


def load_settings(**env) -> list:
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    base.update(DJANGO_SETTINGS_MODULE="litellm_console.settings", **env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=base, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1])
    return json.loads(done.stdout)


def test_prisma_parameters_are_dropped_and_its_schema_is_used():
    url = "postgresql://u:p@db:5432/litellm?schema=proxy&connection_limit=10&pgbouncer=true"
    schema, options, _ = load_settings(DATABASE_URL=url, DEBUG="true")
    assert schema == "proxy"
    assert options == {"options": "-c search_path=litellm_console,proxy"}


def test_explicit_litellm_schema_wins_over_the_url():
    url = "postgresql://u:p@db:5432/litellm?schema=proxy"
    schema, _, _ = load_settings(DATABASE_URL=url, DEBUG="true", LITELLM_DB_SCHEMA="other")
    assert schema == "other"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DATABASE_URL": "postgresql://db/x"}, "SECRET_KEY is not set"),
        ({"DATABASE_URL": "", "DEBUG": "true"}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": "mysql://db/x", "DEBUG": "true"}, "must be a postgresql"),
        ({"DATABASE_URL": "postgresql://db/x", "DEBUG": "maybe"}, "DEBUG must be one of"),
        (
            {"DATABASE_URL": "postgresql://db/x", "DEBUG": "1", "CONSOLE_DB_SCHEMA": "public"},
            "must differ",
        ),
    ],
)
def test_bad_configuration_is_a_clear_start_up_error(env, message):
    with pytest.raises(RuntimeError, match=message):
        load_settings(**env)


def test_empty_variables_count_as_unset():
    _, _, debug = load_settings(DATABASE_URL="postgresql://db/x", DEBUG="", SECRET_KEY="k")
    assert debug is False
