#!/usr/bin/env bash
# Install what is needed and start LiteLLM Console on http://127.0.0.1:8000.
#
# Without DATABASE_URL: starts an embedded PostgreSQL whose data lives in .data/ (kept across
# restarts), creates LiteLLM's tables and demo data on first start, and prints how to sign in.
# With DATABASE_URL: serves that database; only the console's own schema is migrated and
# nothing in LiteLLM's schema is created or changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

HOST_PORT="${CONSOLE_ADDR:-127.0.0.1:8000}"

if [ -z "${DATABASE_URL:-}" ]; then
  # The embedded demo database runs in development mode; a real database does not by default.
  export DEBUG="${DEBUG:-true}"
  mkdir -p .data
  echo "==> starting the embedded PostgreSQL (data in .data/postgres)"
  DATABASE_URL="$(uv run python -m litellm_console.embedded_pg start .data/postgres)"
  export DATABASE_URL
  trap 'uv run python -m litellm_console.embedded_pg stop .data/postgres' EXIT
  # Demo secrets are made once per checkout and kept out of git in .data/.
  [ -s .data/secret_key ] || uv run python -c 'import secrets; print(secrets.token_urlsafe(48))' > .data/secret_key
  [ -s .data/master_key ] || uv run python -c 'import secrets; print("sk-" + secrets.token_urlsafe(24))' > .data/master_key
  export SECRET_KEY="${SECRET_KEY:-$(cat .data/secret_key)}"
  export LITELLM_MASTER_KEY="${LITELLM_MASTER_KEY:-$(cat .data/master_key)}"
  uv run python manage.py migrate --noinput --skip-checks -v0
  uv run python manage.py create_litellm_tables --layout latest --if-missing
  uv run python manage.py load_demo_data
  uv run python manage.py create_console_indexes -v0 >/dev/null
else
  echo "==> using DATABASE_URL (LiteLLM's schema is left as it is)"
  export DEBUG="${DEBUG:-false}"
  export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
  export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-false}"  # plain http on 127.0.0.1
  if [ -z "${SECRET_KEY:-}" ]; then
    mkdir -p .data
    [ -s .data/secret_key ] || uv run python -c 'import secrets; print(secrets.token_urlsafe(48))' > .data/secret_key
    export SECRET_KEY="$(cat .data/secret_key)"
  fi
  uv run python manage.py migrate --noinput --skip-checks -v0
  uv run python manage.py check_litellm_schema || echo "!! the console may not work on this database (see above)"
fi

if [ "${DEBUG}" != "true" ] && [ "${DEBUG}" != "1" ]; then
  uv run python manage.py collectstatic --noinput -v0
fi

cat <<MSG

  LiteLLM Console: http://${HOST_PORT}/
  Sign in as "${UI_USERNAME:-admin}" with the proxy's master key (LITELLM_MASTER_KEY)${LITELLM_MASTER_KEY:+; for the embedded demo it is in .data/master_key}.
  Stop with Ctrl-C.

MSG
# --insecure: serve static files with DEBUG off too (a local console; production uses a WSGI
# server with WhiteNoise, see README).
uv run python manage.py runserver --insecure "${HOST_PORT}"
