"""Demo data of the certification app: the standard's version 1, published (so
`make run` shows /standard/), and an evaluator of the demo certification body who has
declared no conflict of interest with Valle Alto. Idempotent."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from certification.models import ConflictDeclaration
from certification.services.conflicts import conflict_declare
from certification.services.standard import standard_load
from certification.standard_file import read_standard
from network.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_user
from network.models import CertificationBody, Role, RoleKind
from producers.models import Organization


def load() -> list[str]:
    standard_load(standard=read_standard("sps-spo-1.yaml"), publish=True)
    body = CertificationBody.objects.filter(name="Certificadora Andina").first()
    if body is None:
        return []
    evaluator = demo_user("evaluacion@certificadora-andina.test", "Tomás Villca")
    Role.objects.get_or_create(user=evaluator, kind=RoleKind.EVALUATOR, certification_body=body)
    if not Authenticator.objects.filter(user=evaluator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(evaluator, DEMO_TOTP_SECRET)
    valle_alto = Organization.objects.filter(short_name="Valle Alto").first()
    if (
        valle_alto is not None
        and not ConflictDeclaration.objects.filter(
            person=evaluator, organization=valle_alto
        ).exists()
    ):
        conflict_declare(
            person=evaluator, organization=valle_alto, outcome=ConflictDeclaration.Outcome.NONE
        )
    return [
        f"evaluacion@certificadora-andina.test / {DEMO_PASSWORD}  (evaluator of Certificadora "
        f"Andina; TOTP secret {DEMO_TOTP_SECRET})"
    ]
