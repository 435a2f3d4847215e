"""The evaluation report made by real Celery workers on the real Redis: submitting queues
it on the `reports` queue and the worker makes it (emails through the real SMTP server);
a worker killed while it renders leaves the job "being made", and the worker started
after it makes exactly one report for that version."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from pypdf import PdfReader

from certification import tasks
from certification.models import (
    EVALUATION,
    REPORT,
    Application,
    Evaluation,
    EvaluationReport,
    FindingResult,
)
from certification.services import evaluations as services
from network.celery import app
from network.models import RoleKind
from tests.certification.evaluation_helpers import (
    body_person,
    ready_application,
    record_all,
    started,
)
from tests.certification.factories import load_standard_file
from tests.fixtures.personas import make_user
from tests.fixtures.services import eventually
from tests.producers.factories import OrganizationFactory, grant

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 90


@pytest.fixture
def standard_v1(db):
    return load_standard_file("sps-spo-1.yaml")


KILL_QUEUE = "reports-kill-test"


def in_progress(standard, **organization):
    organization = OrganizationFactory(**organization)
    application = ready_application(organization=organization, standard_version=standard)
    lead = body_person(
        application.certification_body, "lidia@andina.example.org", cleared_for=[organization]
    )
    return started(application, lead), lead


def test_submitting_queues_the_report_and_the_worker_makes_it(
    celery_worker_process, mailbox, standard_v1
):
    evaluation, lead = in_progress(standard_v1, legal_name="Cooperativa Agraria Valle Alto")
    coop_admin = make_user("ana@valle-alto.example.org")
    grant(coop_admin, RoleKind.ORG_ADMIN, organization=evaluation.application.organization)
    record_all(evaluation, lead, non_compliant={"2.1", "5.3"})

    services.evaluation_submit(evaluation=evaluation, by=lead)

    def done():
        return EvaluationReport.objects.filter(evaluation=evaluation, status="done").first()

    report = eventually(done, timeout=TIMEOUT)
    assert report, "the worker did not make the report"
    with default_storage.open(report.file_name, "rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "Cooperativa Agraria Valle Alto" in text
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.REPORT_ISSUED
    assert Application.objects.get(pk=evaluation.application_id).status == "evaluated"
    message = mailbox.wait_for(coop_admin.email, timeout=TIMEOUT)
    assert f"/certification/evaluations/{evaluation.pk}/" in mailbox.text(message)


# --- A worker killed mid-report ----------------------------------------------------------


def start_worker(name: str, log: Path) -> subprocess.Popen:
    """A solo worker (the task runs in the process we kill) on a queue of its own, with a
    short visibility timeout so Redis hands the unacknowledged task on within seconds."""
    env = {
        **os.environ,
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "MINGA_TESTING": "1",
        "MINGA_REDIS_DB": str(settings.REDIS_DB),
        "MINGA_BROKER_VISIBILITY_TIMEOUT": "4",
        "MINGA_BROKER_RESTORE_INTERVAL": "1",
        "MINGA_BROKER_RESTORE_THROTTLE": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "network", "worker", "-Q", KILL_QUEUE,
         "--pool", "solo", "-l", "INFO", "--without-gossip", "--without-mingle",
         "-n", f"{name}-{os.getpid()}@%h"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_a_worker_killed_while_rendering_leaves_one_report_after_restart(standard_v1):
    evaluation, lead = in_progress(standard_v1)
    # Long comments: a report of many pages, long enough to be killed in the middle.
    for finding in evaluation.findings.select_related("criterion"):
        services.finding_save(
            finding=finding,
            by=lead,
            result=FindingResult.NON_COMPLIANT,
            comment=("Observación de campo detallada sobre el criterio. " * 40).strip(),
            version=finding.version,
        )
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(KILL_QUEUE)
    # Submitted as the service does, but its report queued only on the killable worker's
    # queue (the suite's own worker, on `reports`, must not take it).
    EVALUATION.move(evaluation, "submit", by=lead)
    report = REPORT.create(evaluation=evaluation, number=1, language="es", requested_by=lead)
    first = start_worker("first", Path(settings.BASE_DIR) / "var" / "test-worker-killed.log")
    second = None
    try:
        tasks.report_evaluation.apply_async((report.pk,), queue=KILL_QUEUE)
        running = eventually(
            lambda: EvaluationReport.objects.filter(pk=report.pk, status="running").exists(),
            timeout=TIMEOUT,
            interval=0.02,
        )
        assert running, "the first worker never started the report"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        time.sleep(0.5)
        report.refresh_from_db()
        assert report.status == EvaluationReport.Status.RUNNING and not report.sha256

        second = start_worker(
            "second", Path(settings.BASE_DIR) / "var" / "test-worker-restarted.log"
        )
        made = eventually(
            lambda: EvaluationReport.objects.filter(pk=report.pk, status="done").exists(),
            timeout=TIMEOUT,
        )
        assert made, "the restarted worker did not make the report"
    finally:
        stop(first)
        if second is not None:
            stop(second)
    reports = EvaluationReport.objects.filter(evaluation=evaluation)
    assert reports.count() == 1
    report.refresh_from_db()
    folder = f"reports/evaluations/{evaluation.pk}"
    assert default_storage.listdir(folder)[1] == [f"report-v{report.number}.pdf"]
    with default_storage.open(report.file_name, "rb") as handle:
        assert len(PdfReader(handle).pages) == report.pages
