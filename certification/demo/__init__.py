"""Demo data of the certification app: the standard's version 1, published, and the
certification procedure alive in the demo cooperatives (producers/demo.py), every
record made by the services as people would make it from the portal's pages:

- Valle Alto: certified ten months ago (its renewal notices fall due soon), and a
  renewal started as a draft;
- Río Verde: certified, then its certificate suspended by the committee;
- Apícola del Sur: evaluated on site, non-compliances found, one corrective action
  accepted and one waiting for the evaluator; the committee's resolution is next;
- Sol de Jaén in its eligibility review, Tierra Dulce in its public objection period
  with an objection, Alto Beni with a quote sent, Montaña Verde in its self-evaluation;
- a complaint from the public, with its reference.

Idempotent: an organization that already has an application of a story's type is left
as it is, so a second `make run` changes nothing. The PDFs of quotes and certificates
are queued for the reports worker, as the services do; they appear once it runs."""

from certification.demo.people import BODY, body_lines, body_people, staff_lines, staff_of
from certification.demo.procedure import tell
from certification.demo.story import RENEWAL, Story
from certification.demo.timeline import records_back
from certification.models import Application, Certificate, Complaint
from certification.services.complaints import complaint_file
from certification.services.standard import standard_load
from certification.standard_file import read_standard
from network.models import CertificationBody
from producers.models import Organization

STORIES = [
    Story("Valle Alto", through="certified", ago=300, nonconformities=("4.4", "5.5")),
    Story("Valle Alto", kind=RENEWAL, through="started", ago=2),
    Story("Río Verde", through="suspended", ago=20, nonconformities=("2.8", "7.3"),
          gaps={"suspended": 190}),
    Story("Apícola del Sur", through="actions_reviewed", ago=3, nonconformities=("4.4", "7.3"),
          actions_accepted=1),
    Story("Sol de Jaén", through="review_started", ago=2),
    Story("Tierra Dulce", through="objection_received", ago=1),
    Story("Alto Beni", through="quote_sent", ago=4),
    Story("Montaña Verde", through="answers_started", ago=1, answered=0.4),
]  # fmt: skip

COMPLAINT = {
    "about": Complaint.About.ORGANIZATION,
    "organization": "Valle Alto",
    "name": "Carmen Soto",
    "email": "carmen.soto@minga.test",
    "text": "Un comerciante de Quillabamba vende café con el sello del Símbolo y dice que "
    "es de la cooperativa Valle Alto, pero la cooperativa no le vende. Pido que se "
    "verifique de dónde viene ese café.",
    "days_ago": 5,
}


def load() -> list[str]:
    standard_load(standard=read_standard("sps-spo-1.yaml"), publish=True)
    body = CertificationBody.objects.filter(name=BODY).first()
    if body is None:
        return []
    people = body_people(body)
    organizations = {
        organization.short_name: organization
        for organization in Organization.objects.filter(
            short_name__in={story.organization for story in STORIES}
        )
    }
    staff = {}
    for story in STORIES:
        organization = organizations.get(story.organization)
        if organization is None:
            continue
        staff[organization] = staff_of(organization)
        if not Application.objects.filter(organization=organization, kind=story.kind).exists():
            tell(story, organization=organization, body=people, staff=staff[organization])
    complaint = complaint_received(organizations.get(COMPLAINT["organization"]))
    return [*body_lines(), *staff_lines(staff), *summary(staff, complaint)]


def complaint_received(organization) -> Complaint | None:
    """A complaint from the public about an organization, received a few days ago."""
    if organization is None:
        return None
    complaint = Complaint.objects.filter(email=COMPLAINT["email"]).first()
    if complaint is None:
        complaint, _token = complaint_file(
            about=COMPLAINT["about"],
            organization=organization,
            name=COMPLAINT["name"],
            email=COMPLAINT["email"],
            text=COMPLAINT["text"],
            language="es",
        )
        records_back([Complaint.objects.filter(pk=complaint.pk)], days=COMPLAINT["days_ago"])
        complaint.refresh_from_db()
    return complaint


def summary(organizations, complaint) -> list[str]:
    """What to look at: the stories' certificates (the register, the API, each one's
    verification page) and the complaint's reference."""
    certificates = Certificate.objects.filter(is_current=True, organization__in=list(organizations))
    verify = ", ".join(
        f"/verify/{certificate.number}/ ({certificate.organization.short_name}, "
        f"{certificate.status})"
        for certificate in certificates.select_related("organization").order_by("number")
    )
    lines = [f"certificates /certificates/, /api/v1/certificates; {verify}"] if verify else []
    if complaint is not None:
        lines.append(f"complaint {complaint.reference} (network staff assign it)")
    return lines
