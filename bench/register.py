"""Benchmark: the public register of certified organizations at ten times the network
(3,000 organizations with a certificate each), and the buyers' API over the same data.

Seeds its own throwaway database, starts gunicorn with production settings (DEBUG off)
on loopback, and drives register searches (name, country, product, status, pages) and
API list pages from concurrent keep-alive clients in this second process. Reports p50,
p95 and p99 per kind of request, and the queries one request of each kind costs
(counted in-process).

Budget (shared/design/quality.md): public register search p95 < 100 ms, <= 10 queries.
Exit status 1 when the budget fails.

    make bench-register
    uv run python -m network.embedded run -- python -m bench.register [--clients 2]
        [--requests 3000]
"""

import argparse
import http.client
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from urllib.parse import quote

from bench.sign import BASE_DIR, free_port, percentile, server_env, start_gunicorn

DATABASE = "bench_minga_register"
REDIS_DB = 12
ORGANIZATIONS = 3000
BUDGET_P95_MS = 100
BUDGET_QUERIES = 10
COUNTRIES = ["PE", "BO", "EC", "CO", "MX", "GT", "HN", "NI", "SV", "CR", "PA", "BR", "PY",
             "CL", "AR", "DO", "HT", "CU", "VE", "UY", "BZ"]  # fmt: skip
PRODUCTS = ["coffee", "cacao", "honey", "sugar", "quinoa", "banana", "mango", "cotton", "tea"]
WORDS = [
    "Cooperativa",
    "Asociación",
    "Agraria",
    "Cafetalera",
    "Apícola",
    "del",
    "Valle",
    "Alto",
    "Sur",
    "Norte",
    "Unión",
    "Productores",
    "Orgánicos",
    "Andina",
    "Selva",
]


def seed() -> None:
    """3,000 organizations, each with a current certificate (statuses mixed)."""
    from django.utils import timezone

    from certification.models import (
        Application,
        Certificate,
        Resolution,
        StandardVersion,
        UserAgreement,
    )  # fmt: skip
    from network.models import CertificationBody, ProductNetwork, User
    from producers.models import Organization

    rng = random.Random(42)
    user = User.objects.create_user(email="bench@example.org", password="x", full_name="Bench")
    body = CertificationBody.objects.create(name="Certificadora Bench", country="PE")
    version = StandardVersion.objects.create(
        code="sps-spo", label="1", title_es="Norma", title_en="Standard",
        in_force_from=date(2025, 1, 1), status="published", published_at=timezone.now(),
    )  # fmt: skip
    products = ProductNetwork.objects.bulk_create(
        ProductNetwork(slug=slug, name=slug.title()) for slug in PRODUCTS
    )
    organizations = Organization.objects.bulk_create(
        Organization(
            legal_name=" ".join(rng.sample(WORDS, 4)) + f" {n}",
            short_name=f"Org {n}", country=COUNTRIES[n % len(COUNTRIES)],
            membership_status="member",
        )
        for n in range(ORGANIZATIONS)
    )  # fmt: skip
    applications = Application.objects.bulk_create(
        Application(organization=o, standard_version=version, certification_body=body,
                    created_by=user, status="decided")
        for o in organizations
    )  # fmt: skip
    resolutions = Resolution.objects.bulk_create(
        Resolution(application=a, application_version=1, outcome="granted", reasons="ok",
                   scope_activities=["production"], decided_by=user)
        for a in applications
    )  # fmt: skip
    agreements = UserAgreement.objects.bulk_create(
        UserAgreement(resolution=r, organization=a.organization, text_version="2026-1",
                      accepted_by=user)
        for r, a in zip(resolutions, applications, strict=True)
    )  # fmt: skip
    today = date.today()
    statuses = ["active"] * 8 + ["suspended", "cancelled"]
    certificates = Certificate.objects.bulk_create(
        Certificate(
            number=f"SPS-{o.country}-2026-{n:04d}", organization=o, resolution=r,
            user_agreement=g, certification_body=body, standard_version=version,
            country=o.country, scope_activities=["production"], valid_from=today,
            valid_until=today + timedelta(days=364), status=statuses[n % len(statuses)],
            language="es", issued_by=user,
        )
        for n, (o, r, g) in enumerate(zip(organizations, resolutions, agreements, strict=True))
    )  # fmt: skip
    through = Certificate.scope_products.through
    through.objects.bulk_create(
        through(certificate=c, productnetwork=products[n % len(products)])
        for n, c in enumerate(certificates)
    )
    for table in ("producers_organization", "certification_certificate"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def requests_to_make(products) -> dict[str, list[str]]:
    rng = random.Random(7)
    return {
        "register: first page": ["/certificates/"],
        "register: name search": [
            f"/certificates/?q={quote(w)}" for w in ("valle", "apícola", "norte")
        ],
        "register: filters": [
            f"/certificates/?country={c}&product={p}&status=active"
            for c, p in zip(COUNTRIES[:6], products[:6], strict=False)
        ],
        "register: deep page": [f"/certificates/?page={rng.randint(20, 59)}" for _ in range(5)],
        "verification page": [f"/verify/SPS-PE-2026-{n * 21:04d}/" for n in range(1, 6)],
        "api: list page": ["/api/v1/certificates?page_size=100", "/api/v1/certificates?country=BO"],
    }


def query_counts(paths: dict[str, list[str]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(HTTP_HOST="localhost"), {}
    for kind, urls in paths.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(urls[0], HTTP_ACCEPT_ENCODING="identity")
        assert response.status_code == 200, (urls[0], response.status_code)
        counts[kind] = len(captured)
    return counts


def drive(port, clients, requests, paths):
    flat = [(kind, url) for kind, urls in paths.items() for url in urls]
    jobs = {"left": requests, "lock": threading.Lock()}
    results = []

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with jobs["lock"]:
                if jobs["left"] <= 0:
                    break
                jobs["left"] -= 1
                kind, url = flat[jobs["left"] % len(flat)]
            started = time.perf_counter()
            try:
                connection.request("GET", url, headers={"Accept-Language": "es",
                                                        "Accept-Encoding": "gzip"})  # fmt: skip
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            results.append((kind, status, (time.perf_counter() - started) * 1000))
        connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--requests", type=int, default=3000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    os.environ["MINGA_TEST_DATABASE"] = DATABASE
    os.environ["MINGA_REDIS_DB"] = str(REDIS_DB)
    os.environ["MINGA_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="minga-bench-")
    os.environ["MINGA_API_RATE"] = "1000000/s"
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    settings.CERTIFICATION_API_RATE = "1000000/s"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    port, server = free_port(), None
    log = open(BASE_DIR / "var" / "bench-register-gunicorn.log", "w")  # noqa: SIM115
    try:
        started = time.perf_counter()
        seed()
        print(f"register benchmark: {ORGANIZATIONS} certified organizations seeded in "
              f"{time.perf_counter() - started:.1f} s, {os.cpu_count()} CPUs")  # fmt: skip
        from network.models import ProductNetwork

        products = list(ProductNetwork.objects.order_by("slug").values_list("pk", flat=True))
        paths = requests_to_make(products)
        counts = query_counts(paths)
        cache.clear()
        connection.close()
        env = {**server_env(port, DATABASE), "MINGA_API_RATE": "1000000/s"}
        # Production settings serve hashed static files: collect them (var/staticfiles).
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                       cwd=BASE_DIR, env=env, check=True)  # fmt: skip
        server = start_gunicorn(port, 3, 3, log, env=env)
        drive(port, options.clients, 200, paths)  # warm up
        results = drive(port, options.clients, options.requests, paths)
        failures = []
        for kind in paths:
            times = [ms for k, status, ms in results if k == kind and status == 200]
            bad = sum(1 for k, status, _ms in results if k == kind and status != 200)
            if not times:
                failures.append(f"{kind}: no answer")
                continue
            p95 = percentile(times, 0.95)
            print(f"  {kind:24} p50 {percentile(times, 0.5):6.1f}  p95 {p95:6.1f}  "
                  f"p99 {percentile(times, 0.99):6.1f} ms  {counts[kind]:2d} queries"
                  f"{f'  {bad} errors' if bad else ''}")  # fmt: skip
            if kind.startswith("register") and (
                p95 > BUDGET_P95_MS or counts[kind] > BUDGET_QUERIES
            ):
                failures.append(f"{kind}: p95 {p95:.1f} ms, {counts[kind]} queries")
            if bad:
                failures.append(f"{kind}: {bad} non-200 answers")
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
        cache.clear()


if __name__ == "__main__":
    sys.exit(main())
