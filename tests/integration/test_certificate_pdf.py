"""The certificate PDF made by a real Celery worker on the `reports` queue: queued after
the agreement is accepted, produced once even when the task is delivered twice, and its
QR code, decoded from the PDF's image, is the public verification URL."""

import io

import pytest
import zxingcpp
from pypdf import PdfReader

from certification import tasks
from certification.models import Certificate, ResolutionOutcome
from certification.services.certificates import user_agreement_accept, verification_url
from certification.services.decisions import resolution_record
from network.models import RoleKind
from tests.certification.factories import body_person, committee_member, evaluated_file
from tests.fixtures.services import eventually
from tests.producers.factories import CertificationBodyFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60


@pytest.fixture
def issued(coop_a, coop_a_admin):
    body = CertificationBodyFactory(name="Certificadora Andina")
    reviewer = body_person("rita.reviewer@example.org", RoleKind.REVIEWER, body, coop_a)
    committee = committee_member("carla.committee@example.org", body, coop_a)
    evaluated = evaluated_file(organization=coop_a, certification_body=body, reviewer=reviewer)
    granted = resolution_record(
        application=evaluated, by=committee, outcome=ResolutionOutcome.GRANTED,
        reasons="Cumple.", scope_products=list(evaluated.organization.product_networks.all()),
        scope_activities=["production"],
    )  # fmt: skip
    return user_agreement_accept(resolution=granted, by=coop_a_admin)


def test_the_worker_makes_the_certificate_pdf_with_its_qr_code(celery_worker_process, issued):
    made = eventually(lambda: Certificate.objects.get(pk=issued.pk).pdf, timeout=TIMEOUT)
    assert made, "the worker did not produce the PDF"
    certificate = Certificate.objects.get(pk=issued.pk)
    # A redelivered task finds the PDF and leaves it alone.
    assert tasks.report_certificate_pdf.apply_async((issued.pk,)).get(timeout=TIMEOUT) is False
    assert Certificate.objects.get(pk=issued.pk).pdf.name == certificate.pdf.name
    data = certificate.pdf.read()
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(reader.pages[0].extract_text().split())
    assert certificate.number in text and "Valle Alto" in text
    codes = [
        code.text
        for image in reader.pages[0].images
        for code in zxingcpp.read_barcodes(image.image)
    ]
    assert codes == [verification_url(certificate.number)]
