# Sourced by run.sh and test.sh: make sure uv and the project's locked dependencies are there.
# Needs python3 (3.11+) and access to PyPI; works as root and as a normal user, with a pip of
# its own (pyenv, python.org) or Debian's externally managed Python.
set -euo pipefail

export PATH="$HOME/.local/bin:$PATH"

install_uv() {
  local user_flag="--user"
  [ "$(id -u)" = "0" ] && [ -z "${VIRTUAL_ENV:-}" ] && user_flag=""
  if ! python3 -m pip --version >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "==> installing pip (Debian package python3-pip)"
      apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
    else
      echo "!! python3 has no pip; install uv yourself (https://docs.astral.sh/uv/)" >&2
      return 1
    fi
  fi
  # PEP 668 (Debian's python3) refuses plain installs; uv is a single self-contained binary,
  # so installing it for this user is safe.
  python3 -m pip install --quiet --disable-pip-version-check $user_flag uv 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --user uv 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages uv
}

if ! command -v uv >/dev/null 2>&1; then
  echo "==> installing uv (Python package manager)"
  install_uv
  hash -r
fi

echo "==> installing dependencies from uv.lock"
uv sync --frozen --quiet ${UV_SYNC_ARGS:-}
