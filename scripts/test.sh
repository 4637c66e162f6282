#!/usr/bin/env bash
# Install what is needed and run the whole test suite twice: once against LiteLLM's mid-2024
# table layout (`seed`) and once against its current migrations (`latest`).
#
# Without DATABASE_URL a throwaway PostgreSQL is started in a temporary folder and removed
# afterwards; with DATABASE_URL the tests create (and drop) test_<name> on that server.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k keys -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "==> installing Chromium for the browser tests"
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null) \
    || echo "!! could not install chromium; browser tests will be skipped"
fi

if [ -z "${DATABASE_URL:-}" ]; then
  PGTMP="$(mktemp -d /tmp/litellm-console-test.XXXXXX)"
  echo "==> starting a throwaway PostgreSQL in ${PGTMP}"
  DATABASE_URL="$(uv run python -m litellm_console.embedded_pg start "${PGTMP}/pg")"
  export DATABASE_URL
  trap 'uv run python -m litellm_console.embedded_pg stop "${PGTMP}/pg"; rm -rf "${PGTMP}"' EXIT
fi

export SECRET_KEY="${SECRET_KEY:-test-only-secret-key}"
export DEBUG=false
export DJANGO_ALLOW_ASYNC_UNSAFE=true

status=0
for layout in seed latest; do
  echo "==> tests on the '${layout}' layout of LiteLLM's tables"
  LITELLM_TEST_LAYOUT="${layout}" uv run pytest --create-db "$@" || status=$?
  [ "${status}" = "0" ] || break
done
exit "${status}"
