"""The demo (`make run` → `seed_demo`): a living certification system made through the
services, the same after a second run, visible on the public pages, and every account
it prints can sign in.

The demo is seeded once for the module (it makes three evaluation reports) inside a
transaction rolled back at the end; each test runs in its own savepoint."""

import datetime
import io
import re
import time

import pytest
from allauth.mfa.app_settings import TOTP_PERIOD
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.demo import STORIES
from certification.demo.library import demo_pdf
from certification.models import (
    APPLICATION,
    Application,
    ApplicationKind,
    Certificate,
    Complaint,
    CorrectiveAction,
    Evaluation,
    EvaluationReport,
    EvaluationType,
    FindingResult,
    Objection,
    Quote,
    ResolutionOutcome,
    SelfEvaluationAnswer,
)
from certification.selectors import people_involved
from certification.selectors.self_evaluation import self_evaluation_criteria
from network.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from network.models import ActivityLog, User
from network.pdfscan import active_content

S = Application.Status


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed's output, once for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def application(short_name: str, kind: str = ApplicationKind.INITIAL) -> Application:
    return Application.objects.select_related("organization").get(
        organization__short_name=short_name, kind=kind
    )


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_a_second_run_changes_nothing_and_says_the_same(seeded, db):
    before = row_counts()
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", stdout=out)
    # It runs on every `make run`: a second run only looks (108 queries for all the apps'
    # demos when this was written), whatever the first one made.
    assert len(queries) <= 150
    assert row_counts() == before
    assert out.getvalue() == seeded


def test_each_story_reached_its_step_through_the_state_machine(seeded, db):
    expected = {
        ("Valle Alto", "initial"): S.DECIDED,
        ("Valle Alto", "renewal"): S.DRAFT,
        ("Río Verde", "initial"): S.DECIDED,
        ("Apícola del Sur", "initial"): S.EVALUATED,
        ("Sol de Jaén", "initial"): S.ELIGIBILITY_REVIEW,
        ("Tierra Dulce", "initial"): S.OBJECTION_PERIOD,
        ("Alto Beni", "initial"): S.QUOTE_SENT,
        ("Montaña Verde", "initial"): S.SELF_EVALUATION,
    }
    assert {(s.organization, s.kind) for s in STORIES} == set(expected)
    for (name, kind), status in expected.items():
        file = application(name, kind)
        assert file.status == status, name
        moves = list(APPLICATION.history(file).order_by("pk"))
        # The status is where the logged moves led: no status was written around them.
        assert (moves[-1].changes["status"][1] if moves else S.DRAFT) == status, name
        # Time passed in order: each move after the one before, all of it in the past.
        times = [move.created_at for move in moves]
        assert times == sorted(times) and all(t <= timezone.now() for t in times), name


def test_the_files_in_progress_are_current(seeded, db):
    today = timezone.localdate()
    submitted = application("Sol de Jaén")
    assert submitted.eligibility_due_on > today > submitted.submitted_at.date()
    objected = application("Tierra Dulce")
    assert objected.objection_open_on(today) and objected.objection_starts_on < today
    objection = Objection.objects.get(application=objected)
    assert (
        objection.reasons
        and ActivityLog.objects.filter(
            verb="objection.received", target_id=str(objection.pk)
        ).exists()
    )
    quoted = Quote.objects.get(application=application("Alto Beni"))
    assert quoted.sent_at and quoted.is_valid_on(today) and not quoted.answer
    self_evaluating = application("Montaña Verde")
    answered = SelfEvaluationAnswer.objects.filter(application=self_evaluating).count()
    assert 0 < answered < self_evaluation_criteria(self_evaluating).count()
    draft = application("Valle Alto", ApplicationKind.RENEWAL)
    assert draft.previous == application("Valle Alto")


def test_the_evaluation_found_non_compliances_and_actions_answer_them(seeded, db):
    evaluation = Evaluation.objects.get(application=application("Apícola del Sur"))
    assert evaluation.evaluation_type == EvaluationType.ON_SITE
    assert evaluation.status == Evaluation.Status.REPORT_ISSUED
    assert not evaluation.findings.filter(result="").exists()
    failed = evaluation.findings.filter(result=FindingResult.NON_COMPLIANT)
    assert sorted(failed.values_list("criterion__code", flat=True)) == ["4.4", "7.3"]
    actions = CorrectiveAction.objects.filter(finding__evaluation=evaluation)
    assert sorted(actions.values_list("status", flat=True)) == ["accepted", "proposed"]
    report = evaluation.reports.get()
    assert report.status == EvaluationReport.Status.DONE and report.sha256
    assert evaluation.planned_start_on < timezone.localdate()


def test_a_committee_member_who_took_no_part_granted_and_certificates_were_issued(seeded, db):
    today = timezone.localdate()
    committee = User.objects.get(email="comite@certificadora-andina.test")
    for name, status in (("Valle Alto", "active"), ("Río Verde", "suspended")):
        file = application(name)
        resolution = file.resolutions.get()
        assert resolution.outcome == ResolutionOutcome.GRANTED
        assert resolution.decided_by == committee
        assert committee.pk not in people_involved(file) and len(people_involved(file)) >= 2
        assert all(line["state"] != "missing" for line in resolution.checklist)
        certificate = resolution.certificate
        assert certificate.status == status
        assert certificate.user_agreement.accepted_by.email.startswith("gerencia@")
        assert certificate.valid_from < today < certificate.valid_until
        assert not certificate.pdf  # queued for the reports worker, made once it runs
    valle_alto = Certificate.objects.get(organization__short_name="Valle Alto")
    # Issued ten months ago: the first renewal notice (60 days before the end) is near.
    first_notice = valle_alto.valid_until - datetime.timedelta(days=60)
    assert today <= first_notice <= today + datetime.timedelta(days=30)
    suspended = Certificate.objects.get(organization__short_name="Río Verde")
    assert (
        ActivityLog.objects.get(verb="certificate.suspended", target_id=str(suspended.pk)).actor
        == committee
    )


def test_the_register_verification_and_api_show_the_demo_certificates(seeded, db, client):
    certificates = list(Certificate.objects.select_related("organization"))
    assert len(certificates) == 2
    register = client.get(reverse("certification:register")).content.decode()
    api = client.get("/api/v1/certificates").json()
    api_numbers = {item["number"] for item in api["results"]}
    for certificate in certificates:
        assert certificate.number in seeded
        assert certificate.organization.legal_name in register
        page = client.get(reverse("certification:verify", args=[certificate.number]))
        assert page.status_code == 200
        assert certificate.organization.legal_name in page.content.decode()
        assert certificate.number in api_numbers
    objections = client.get(reverse("certification:objection_list")).content.decode()
    assert application("Tierra Dulce").organization.legal_name in objections


def test_the_complaint_has_its_reference(seeded, db):
    complaint = Complaint.objects.get()
    assert complaint.reference.startswith("RCL-") and complaint.reference in seeded
    assert complaint.organization.short_name == "Valle Alto"


def demo_accounts(seeded) -> list[tuple[str, bool]]:
    """(email, uses TOTP) for each account line of the seed's output."""
    lines = re.findall(rf"^\s+(\S+@\S+) / {DEMO_PASSWORD}  \((.*)\)$", seeded, re.M)
    return [(email, "TOTP" in what) for email, what in lines]


def sign_in(client, email: str, *, totp: bool) -> None:
    client.logout()
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email
    if totp:
        assert response["Location"] == reverse("mfa_authenticate"), email
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // TOTP_PERIOD))
        client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk), email


def test_every_demo_account_signs_in(seeded, db, client):
    accounts = demo_accounts(seeded)
    emails = [email for email, _totp in accounts]
    assert len(emails) == len(set(emails)) >= 15
    for needed in ("comite@", "revision@", "evaluacion@", "edicion@valle-alto.test"):
        assert any(email.startswith(needed) for email in emails), needed
    for email, totp in accounts:
        sign_in(client, email, totp=totp)


def test_the_people_of_the_stories_open_their_pages(seeded, db, client):
    sign_in(client, "gerencia@valle-alto.test", totp=False)
    for file in Application.objects.filter(organization__short_name="Valle Alto"):
        page = client.get(reverse("certification:application_detail", args=[file.pk]))
        assert page.status_code == 200 and file.reference in page.content.decode()
    evaluated = application("Apícola del Sur")
    sign_in(client, "comite@certificadora-andina.test", totp=True)
    assert client.get(reverse("certification:review_list")).status_code == 200
    assert (
        client.get(reverse("certification:review_detail", args=[evaluated.pk])).status_code == 200
    )
    page = client.get(reverse("certification:resolution_new", args=[evaluated.pk]))
    assert page.status_code == 200 and b'method="post"' in page.content
    sign_in(client, "evaluacion@certificadora-andina.test", totp=True)
    evaluation = evaluated.evaluations.get()
    page = client.get(reverse("certification:evaluation_detail", args=[evaluation.pk]))
    assert page.status_code == 200 and "7.3" in page.content.decode()


def test_the_demo_documents_are_plain_pdfs():
    data = demo_pdf("Estatutos (2026)", "Cooperativa Río Verde")
    assert data.startswith(b"%PDF-1.4") and data.endswith(b"%%EOF\n")
    assert active_content(data) is None
    assert b"R\\355o Verde" in data  # accents written for the PDF's own font encoding
