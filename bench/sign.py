"""Benchmark: signing a campaign under a burst, the way a viral campaign page is hit.

Starts the app under gunicorn with production settings (DEBUG off) on loopback, on its
own throwaway database and Redis databases, publishes a campaign, then drives the sign
endpoint (POST /campaigns/<slug>/sign/) with concurrent keep-alive clients from this
second process. Reports signatures per second and latency percentiles, and checks that
the number of signature rows equals the number of accepted requests (none lost).

Budget (shared/design/quality.md): >= 300 signatures/s sustained on 2 cores, none lost.
The per-IP rate limit is raised for the run (MINGA_SIGN_RATE), since every client
shares one loopback address. Exit status 1 when a check or the budget fails.

    make bench-sign
    uv run python -m network.embedded run -- python -m bench.sign [--clients 16]
        [--requests 9000] [--workers 3] [--threads 3]
"""

import argparse
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

DATABASE = "bench_minga_sign"
REDIS_DB = 12  # cache 12, broker 13: away from development (0/1) and tests (2/3, 10/11)
BUDGET_PER_SECOND = 300
SLUG = "bench-firma"
BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_urls(database: str, redis_db: int) -> dict:
    """DATABASE_URL and REDIS_URL of the servers this process uses (the embedded ones in
    development), for a server started with production settings, which require them."""
    from urllib.parse import quote

    from django.conf import settings

    db = settings.DATABASES["default"]
    socket = db["HOST"].startswith("/")  # the embedded server listens on a socket
    host = "" if socket else db["HOST"]
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    options = f"?host={quote(db['HOST'])}" if socket else ""
    redis = settings.REDIS_URL.rsplit("/", 1)[0]
    return {
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{host}{port}/{database}{options}",
        "REDIS_URL": f"{redis}/{redis_db}",
    }


def server_env(port: int, database: str = DATABASE) -> dict:
    return {
        **os.environ,
        **service_urls(database, REDIS_DB),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_NAME": database,
        "MINGA_REDIS_DB": str(REDIS_DB),
        "MINGA_SIGN_RATE": "1000000/s",
        "DJANGO_LOG_LEVEL": "WARNING",
        "MINGA_SITE_URL": f"http://127.0.0.1:{port}",
    }


def start_gunicorn(port: int, workers: int, threads: int, log, env=None) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "network.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--keep-alive", "30", "--log-level", "warning"],
        cwd=BASE_DIR, env=env or server_env(port), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log.name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


class Client(threading.Thread):
    """One visitor's browser: a keep-alive connection, a CSRF cookie, unique emails."""

    def __init__(self, number, port, path, jobs, results):
        super().__init__(daemon=True)
        self.number, self.port, self.path = number, port, path
        self.jobs, self.results = jobs, results
        # A 32-character token as Django issues it unmasked: cookie and form field agree.
        self.csrf = secrets.token_hex(16)

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.csrf}",
            "Accept-Language": "es",
        }
        while True:
            with self.jobs["lock"]:
                if self.jobs["left"] <= 0:
                    break
                self.jobs["left"] -= 1
                index = self.jobs["left"]
            body = urlencode({
                "csrfmiddlewaretoken": self.csrf,
                "name": f"Firmante {index} Bench",
                "email": f"bench{self.jobs['run']}-{index}@example.org",
                "country": ("PE", "BO", "MX", "BR", "CO")[index % 5],
                "city": "Lima",
                "consent_updates": "on",
            })  # fmt: skip
            started = time.perf_counter()
            try:
                connection.request("POST", self.path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status, location = response.status, response.getheader("Location", "")
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status, location = 0, ""
            elapsed = time.perf_counter() - started
            accepted = status == 302 and location.endswith(f"/campaigns/{SLUG}/thanks/")
            self.results.append((accepted, status, elapsed))
        connection.close()


def drive(port: int, clients: int, requests: int, run: str) -> tuple[list, float]:
    path = f"/campaigns/{SLUG}/sign/"
    jobs = {"left": requests, "lock": threading.Lock(), "run": run}
    results: list = []
    threads = [Client(n, port, path, jobs, results) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """User + system CPU of gunicorn's master and workers (its process group), so the
    cost per signature can be compared even when other work shares the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        if int(fields[2]) == server.pid:  # pgrp: gunicorn runs in its own session
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=9000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=3)
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    os.environ["MINGA_TEST_DATABASE"] = DATABASE
    os.environ["MINGA_REDIS_DB"] = str(REDIS_DB)
    os.environ["MINGA_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="minga-bench-")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    port = free_port()
    log = open(BASE_DIR / "var" / "bench-sign-gunicorn.log", "w")  # noqa: SIM115
    server = None
    try:
        from django.utils import timezone

        from advocacy.models import Campaign, Signature

        campaign = Campaign.objects.create(
            slug_es=SLUG, title_es="Campaña de prueba de carga", summary_es="Resumen",
            body_es="Texto", goal=100_000, status=Campaign.Status.PUBLISHED,
            published_at=timezone.now(),
        )  # fmt: skip
        connection.close()  # the server gets the database to itself
        server = start_gunicorn(port, options.workers, options.threads, log)
        drive(port, options.clients, options.warmup, "warmup")  # warm connections and caches
        warm_rows = Signature.objects.filter(campaign=campaign).count()
        connection.close()

        cpu_before = server_cpu_seconds(server)
        results, seconds = drive(port, options.clients, options.requests, "run")
        cpu = server_cpu_seconds(server) - cpu_before
        accepted = sum(1 for ok, _status, _elapsed in results if ok)
        rows = Signature.objects.filter(campaign=campaign).count() - warm_rows
        latencies = [elapsed * 1000 for _ok, _status, elapsed in results]
        statuses = sorted({status for _ok, status, _elapsed in results})
        rate = accepted / seconds
        print(f"sign benchmark: {options.clients} clients, {options.requests} requests, "
              f"gunicorn {options.workers} workers x {options.threads} threads, "
              f"{os.cpu_count()} CPUs")  # fmt: skip
        print(f"  accepted        {accepted} of {len(results)} (statuses {statuses})")
        print(f"  throughput      {rate:.0f} signatures/s over {seconds:.1f} s")
        print(f"  latency ms      p50 {percentile(latencies, 0.50):.1f}  "
              f"p95 {percentile(latencies, 0.95):.1f}  p99 {percentile(latencies, 0.99):.1f}  "
              f"mean {statistics.fmean(latencies):.1f}")  # fmt: skip
        print(f"  server CPU      {cpu * 1000 / max(1, len(results)):.2f} ms per request "
              f"(gunicorn processes; load average {os.getloadavg()[0]:.1f})")  # fmt: skip
        print(f"  signature rows  {rows} (accepted {accepted}): "
              f"{'none lost' if rows == accepted else 'MISMATCH'}")  # fmt: skip
        failures = []
        if rows != accepted:
            failures.append("rows differ from accepted requests")
        if accepted != len(results):
            failures.append("some requests were not accepted")
        if rate < BUDGET_PER_SECOND:
            failures.append(f"below the budget of {BUDGET_PER_SECOND}/s")
        for failure in failures:
            print(f"  FAIL: {failure}")
        return 1 if failures else 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        log.close()
        connection.close()
        connection.creation.destroy_test_db(DATABASE, verbosity=0)
        cache.clear()  # the rate-limit counters; queued confirmation tasks go next
        from network.celery import app

        app.control.purge()


if __name__ == "__main__":
    sys.exit(main())
