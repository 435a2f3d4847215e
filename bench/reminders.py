"""Benchmark: one reminder sweep over 100,000 due items, through the same code beat runs
(network.reminders.reminders_sweep), and the check that each got exactly one ledger row.

1. declarations: 100,000 declared towns due for renewal, each contact written to (an
   essential email) and each declaration moved to "renewal due" with its activity entry;
2. application drafts: 100,000 drafts idle for 14 days across 1,000 cooperatives, each
   administrator notified in-app and by an optional email with one-click headers;
3. certificate renewal: 100,000 organizations' current certificates at their 30-day
   notice, each organization's administrator notified in-app and by an essential email;
4. each sweep again: nothing is claimed twice.

Runs on its own throwaway database (created and dropped here) and Redis databases 14/15
(the sweep queues one outbox task after commit; it is purged afterwards). Prints the
times. Budget: each sweep under 30 s. Exit status 1 when a check or the budget fails.

    make bench-reminders
    uv run python -m network.embedded run -- python -m bench.reminders [--items N]
"""

import argparse
import os
import secrets
import sys
import tempfile
import time

BUDGET_SECONDS = 30.0
DATABASE = "bench_minga_reminders"
REDIS_DB = 14  # cache 14, broker 15: away from development, tests and the sign benchmark
ORGANIZATIONS = 1_000
LOAD_BEFORE = ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    items = parser.parse_args().items
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    os.environ["MINGA_TEST_DATABASE"] = DATABASE
    os.environ["MINGA_REDIS_DB"] = str(REDIS_DB)
    os.environ["MINGA_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="minga-bench-")
    production_settings()
    import django

    django.setup()
    from django.db import connection

    from network.celery import app

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run(items)
    finally:
        connection.creation.destroy_test_db(DATABASE, verbosity=0)
        app.control.purge()


def production_settings() -> None:
    """DEBUG off, as the budgets are measured (no SQL kept in memory, no debug cursor),
    on the embedded servers unless DATABASE_URL / REDIS_URL are set."""
    from network import embedded

    os.environ.update({
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
    })  # fmt: skip
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@/minga?host={embedded.PG_DIR}")
    os.environ.setdefault("REDIS_URL", embedded.redis_url(REDIS_DB))


def backend_cpu() -> float:
    """CPU seconds the PostgreSQL backend serving this connection has used (it runs on
    this machine: /proc tells)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(label, times, function, cpu=None):
    """Wall time of `function`, and the CPU it took here and in PostgreSQL: on a busy
    machine the wall time includes waiting for a core, the CPU does not."""
    started, cpu_here, cpu_db = time.perf_counter(), time.process_time(), backend_cpu()
    result = function()
    times[label] = time.perf_counter() - started
    if cpu is not None:
        cpu[label] = (time.process_time() - cpu_here, backend_cpu() - cpu_db)
    return result


def run(items: int) -> int:
    from django.db.models import Count

    from network.models import Notification, OutboxMessage, ReminderClaim
    from network.reminders import reminders_sweep

    failures, times, cpu = [], {}, {}
    print(f"preparing {items:,} declarations, draft applications and certificates…", flush=True)
    make_declarations(items)
    admins = make_drafts(items)
    make_certificates(items, admins)
    # A worker that has run a task has its URLs loaded and its broker connection open:
    # so does this one (the first publish and the first reverse import a great deal).
    from django.urls import reverse

    from network import tasks

    reverse("network:home")
    tasks.ping.delay(0)
    global LOAD_BEFORE
    LOAD_BEFORE = f"{os.getloadavg()[0]:.2f}"

    for family, rule, label in (
        ("declarations", "advocacy.declaration_renewal", "declarations"),
        ("application_drafts", "certification.draft_idle", "application drafts"),
        ("certificate_renewal", "certification.certificate_renewal", "certificate renewal"),
    ):
        claimed = timed(f"sweep: {label}", times, lambda f=family: reminders_sweep(family=f), cpu)
        again = timed(f"again: {label}", times, lambda f=family: reminders_sweep(family=f), cpu)
        claims = ReminderClaim.objects.filter(rule=rule)
        per_key = (
            claims.values("object_id", "occurrence", "recipient")
            .annotate(rows=Count("pk"))
            .filter(rows__gt=1)
            .count()
        )
        emails = claims.filter(outbox_message__isnull=False).count()
        print(f"{label}: claimed {claimed:,}, then {again:,}; ledger rows {claims.count():,}, "
              f"keys with more than one row {per_key}, with an email {emails:,}")  # fmt: skip
        if claimed != items or claims.count() != items or per_key or again or emails != items:
            failures.append(f"{label}: each item must get exactly one ledger row and email")

    from advocacy.models import Declaration

    left = Declaration.objects.filter(status=Declaration.Status.DECLARED).count()
    notifications = Notification.objects.filter(rule="certification.draft_idle").count()
    renewals = Notification.objects.filter(rule="certification.certificate_renewal").count()
    print(f"declarations still not moved: {left}; draft notifications: {notifications:,}; "
          f"renewal notifications: {renewals:,}; "
          f"outbox messages: {OutboxMessage.objects.count():,}")  # fmt: skip
    if left or notifications != items or renewals != items:
        failures.append("every declaration moves and every administrator is notified")

    load = f"{os.getloadavg()[0]:.2f}"
    print(f"load average before: {LOAD_BEFORE}, after: {load}; {os.cpu_count()} CPUs")
    print(f"{'':<32} {'wall':>8} {'CPU here':>9} {'CPU in PG':>10}")
    for step, seconds in times.items():
        over = " OVER BUDGET" if seconds > BUDGET_SECONDS else ""
        here, db = cpu[step]
        print(f"{step:<32} {seconds:6.2f} s {here:7.2f} s {db:8.2f} s{over}")
        if over:
            failures.append(f"{step} took {seconds:.2f} s (budget {BUDGET_SECONDS} s)")
    for failure in failures:
        print("FAILED:", failure)
    print("OK" if not failures else "FAILED")
    return 1 if failures else 0


def make_declarations(count: int) -> None:
    import datetime

    from django.utils import timezone

    from advocacy.models import Campaign, Declaration
    from network.bulk import rows_insert

    campaign = Campaign.objects.create(
        kind=Campaign.Kind.TOWNS, title_es="Pueblos por el Comercio Justo", slug_es="pueblos"
    )
    today = timezone.localdate()
    rows = [
        (campaign.pk, f"Municipio {n}", "PE", f"Contacto {n}", f"town{n}@example.org",
         ("es", "en", "pt", "fr")[n % 4], Declaration.Status.DECLARED,
         today - datetime.timedelta(days=366), today - datetime.timedelta(days=n % 5),
         timezone.now(), "", "", "", "", "")
        for n in range(count)
    ]  # fmt: skip
    rows_insert(
        Declaration,
        ("campaign", "name", "country", "contact_name", "contact_email", "language", "status",
         "declared_on", "renewal_due_on", "created_at", "city", "contact_role", "contact_phone",
         "message", "certificate"),
        rows, returning=(),
    )  # fmt: skip


def clone(model, template_pk: int, *, source: str, values: dict[str, str]) -> int:
    """Copy the `template_pk` row (named `t`) once per row of `source` (one item of a
    FROM clause: a function or a subquery, with its alias), with `values` (column → SQL
    expression) replacing some columns; the others are the template's, so the benchmark
    keeps up with the columns the tables gain."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    selected = [values.get(column, f"t.{quote(column)}") for column in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 - our tables
            f"SELECT {', '.join(selected)} FROM {source} "
            f"CROSS JOIN (SELECT * FROM {quote(model._meta.db_table)} WHERE id = %s) t",
            [template_pk],
        )
        return cursor.rowcount


def make_drafts(count: int) -> list:
    """The drafts, and the 1,000 administrators (of the drafts' cooperatives)."""
    import datetime

    from django.utils import timezone

    from certification.models import Application
    from certification.services.standard import standard_load
    from certification.standard_file import read_standard
    from network.models import CertificationBody, CountryNetwork, Role, RoleKind, User
    from producers.models import Organization

    version = standard_load(standard=read_standard("sps-spo-1.yaml"), publish=True).version
    body = CertificationBody.objects.create(name="Certificadora de prueba", country="PE")
    country = CountryNetwork.objects.create(country="PE", name="Red PE")
    organizations = Organization.objects.bulk_create(
        Organization(legal_name=f"Cooperativa {n}", country="PE", country_network=country)
        for n in range(ORGANIZATIONS)
    )
    admins = User.objects.bulk_create(
        User(email=f"admin{n}@example.org", full_name=f"Admin {n}", language=("es", "en")[n % 2])
        for n in range(ORGANIZATIONS)
    )
    Role.objects.bulk_create(
        Role(user=admin, kind=RoleKind.ORG_ADMIN, organization=organization)
        for admin, organization in zip(admins, organizations, strict=True)
    )
    first = Application.objects.create(
        organization=organizations[0], kind="initial", standard_version=version,
        certification_body=body, created_by=admins[0], status=Application.Status.DRAFT,
    )  # fmt: skip
    idle_since = timezone.now() - datetime.timedelta(days=15)
    Application.objects.filter(pk=first.pk).update(created_at=idle_since, updated_at=idle_since)
    ids = ", ".join(str(o.pk) for o in organizations)
    people = ", ".join(str(a.pk) for a in admins)
    clone(
        Application, first.pk,
        source=f"generate_series(1, {count - 1}) AS n",
        values={"organization_id": f"(ARRAY[{ids}])[mod(n, {ORGANIZATIONS}) + 1]",
                "created_by_id": f"(ARRAY[{people}])[mod(n, {ORGANIZATIONS}) + 1]"},
    )  # fmt: skip
    return admins


def make_certificates(count: int, admins: list) -> None:
    """`count` organizations, each with its current certificate at the 30-day renewal
    notice and an administrator (one of the 1,000, each for many organizations): built
    through the services' tables for the first, copied in SQL for the others."""
    import datetime

    from django.utils import timezone

    from certification.models import (
        Application,
        Certificate,
        Resolution,
        ResolutionOutcome,
        StandardVersion,
        UserAgreement,
    )
    from network.models import CertificationBody, CountryNetwork, Role, RoleKind
    from producers.models import Organization

    today = timezone.localdate()
    version = StandardVersion.objects.get()
    body = CertificationBody.objects.get()
    country = CountryNetwork.objects.get()
    organization = Organization.objects.create(
        legal_name="Certificada 0", country="PE", country_network=country
    )
    role = Role.objects.create(user=admins[0], kind=RoleKind.ORG_ADMIN, organization=organization)
    application = Application.objects.create(
        organization=organization, kind="renewal", standard_version=version,
        certification_body=body, created_by=admins[0], status=Application.Status.DECIDED,
    )  # fmt: skip
    resolution = Resolution.objects.create(
        application=application, application_version=1, outcome=ResolutionOutcome.GRANTED,
        reasons="Cumple.", scope_activities=["production"], decided_by=admins[0],
    )  # fmt: skip
    agreement = UserAgreement.objects.create(
        resolution=resolution, organization=organization, text_version="2026-1",
        accepted_by=admins[0],
    )  # fmt: skip
    valid_until = today + datetime.timedelta(days=30)
    certificate = Certificate.objects.create(
        number="SPS-PE-2030-000000", organization=organization, resolution=resolution,
        user_agreement=agreement, certification_body=body, standard_version=version,
        country="PE", scope_activities=["production"], language="es", issued_by=admins[0],
        valid_from=valid_until - datetime.timedelta(days=364), valid_until=valid_until,
    )  # fmt: skip
    people = ", ".join(str(a.pk) for a in admins)
    clone(Organization, organization.pk, source=f"generate_series(1, {count - 1}) AS n",
          values={"legal_name": "'Certificada ' || n"})  # fmt: skip
    others = (
        "(SELECT id, row_number() OVER (ORDER BY id) AS k FROM producers_organization "
        f"WHERE legal_name LIKE 'Certificada %%' AND id <> {organization.pk}) AS o"
    )
    clone(Role, role.pk, source=others,
          values={"organization_id": "o.id",
                  "user_id": f"(ARRAY[{people}])[mod(o.k, {ORGANIZATIONS}) + 1]"})  # fmt: skip
    clone(Application, application.pk, source=others, values={"organization_id": "o.id"})
    clone(Resolution, resolution.pk,
          source="(SELECT id FROM certification_application WHERE kind = 'renewal' "
                 f"AND id <> {application.pk}) AS a",
          values={"application_id": "a.id"})  # fmt: skip
    clone(UserAgreement, agreement.pk,
          source="(SELECT r.id, a.organization_id FROM certification_resolution r JOIN "
                 "certification_application a ON a.id = r.application_id "
                 f"WHERE r.id <> {resolution.pk}) AS r",
          values={"resolution_id": "r.id", "organization_id": "r.organization_id"})  # fmt: skip
    clone(Certificate, certificate.pk,
          source="(SELECT id, resolution_id, organization_id FROM certification_useragreement "
                 f"WHERE id <> {agreement.pk}) AS u",
          values={"user_agreement_id": "u.id", "resolution_id": "u.resolution_id",
                  "organization_id": "u.organization_id",
                  "number": "'SPS-PE-2030-' || lpad(u.id::text, 6, '0')"})  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
