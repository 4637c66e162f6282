# Sourced by run.sh and test.sh: make sure uv and the project's locked dependencies are there.
# Needs only python3 (3.11+) and network access to PyPI.
set -euo pipefail

if ! command -v uv >/dev/null 2>&1; then
  if [ -x "$HOME/.local/bin/uv" ]; then
    export PATH="$HOME/.local/bin:$PATH"
  else
    echo "==> installing uv (Python package manager)"
    python3 -m pip install --quiet --disable-pip-version-check uv 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check --user uv
    export PATH="$HOME/.local/bin:$PATH"
  fi
fi

echo "==> installing dependencies from uv.lock"
uv sync --frozen --quiet ${UV_SYNC_ARGS:-}
