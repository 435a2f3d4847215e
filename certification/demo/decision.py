"""The committee's resolution, the user agreement and certificate, and a suspension."""

from certification.demo.story import DemoFile
from certification.models import ResolutionOutcome
from certification.services.certificates import certificate_move, user_agreement_accept
from certification.services.decisions import resolution_record


def grant_certification(demo: DemoFile):
    """The committee member, who neither reviewed nor evaluated the file, grants the
    certification for the organization's products. The completeness checklist is
    computed from the file: the risk assessment and the evaluator's competence were
    recorded when the evaluation was planned (certification/demo/evaluation.py)."""
    application = demo.application
    return resolution_record(
        application=application,
        by=demo.body.committee,
        outcome=ResolutionOutcome.GRANTED,
        reasons="La organización cumple los criterios críticos y mínimos aplicables; las no "
        "conformidades encontradas se corrigieron con acciones que el equipo evaluador "
        "aceptó.",
        scope_products=list(demo.organization.product_networks.all()),
        scope_activities=application.scope_activities,
    )


def certified(demo: DemoFile) -> None:
    """The administrator accepts the user agreement: the certificate is issued and its
    PDF queued for the reports worker."""
    user_agreement_accept(resolution=demo.application.resolutions.get(), by=demo.staff.admin)


def suspended(demo: DemoFile) -> None:
    """The committee suspends the certificate, with its reason; the organization is told
    and the register shows it at once."""
    certificate = demo.application.resolutions.get().certificate
    certificate_move(
        certificate=certificate,
        transition="suspend",
        by=demo.body.committee,
        reason="La organización no cumplió en el plazo las acciones correctivas aceptadas en "
        "su última evaluación; tiene 90 días para cumplirlas antes de la cancelación.",
    )
