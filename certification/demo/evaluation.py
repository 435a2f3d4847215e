"""The evaluation: planned and made on site by the body's evaluator, its findings
(non-compliant where the story says), its report, and the corrective actions the
cooperative proposes and the evaluator reviews."""

import datetime

from certification.demo.library import demo_upload
from certification.demo.story import DemoFile, today
from certification.models import (
    CorrectiveAction,
    EvaluationType,
    EvaluatorCompetence,
    FindingResult,
    RiskLevel,
    ScopeActivity,
)
from certification.services.competence import competence_record
from certification.services.evaluations import (
    corrective_action_propose,
    corrective_action_review,
    evaluation_close,
    evaluation_plan,
    evaluation_start,
    evaluation_submit,
    evaluation_texts_save,
    finding_save,
)
from certification.services.reports import report_make
from network.models import ProductNetwork


def evaluator_qualified(demo: DemoFile) -> None:
    """The reviewer records the evaluator's competence (every product network, every
    activity, two years back to one ahead) once: planning refuses an evaluator without
    one, and the committee's checklist reads it."""
    evaluator = demo.body.evaluator
    if EvaluatorCompetence.objects.filter(evaluator=evaluator, ended_at__isnull=True).exists():
        return
    competence_record(
        body=demo.body.body,
        by=demo.body.reviewer,
        evaluator=evaluator,
        product_networks=list(ProductNetwork.objects.all()),
        scope_activities=list(ScopeActivity.values),
        valid_from=today(-730),
        valid_until=today(365),
        basis="Formación de evaluadores del SPP y tres evaluaciones acompañadas.",
    )


def evaluation_planned(demo: DemoFile) -> None:
    """An on-site evaluation, planned for the day the next step starts it, with the
    body's risk assessment of the file."""
    evaluator_qualified(demo)
    start = today(demo.gap("evaluation_started"))
    evaluation_plan(
        application=demo.application,
        by=demo.body.evaluator,
        evaluation_type=EvaluationType.ON_SITE,
        planned_start_on=start,
        planned_end_on=start + datetime.timedelta(days=1),
        lead_evaluator=demo.body.evaluator,
        risk_level=RiskLevel.MEDIUM,
        risk_rationale="Primera certificación de la organización; socios dispersos en "
        "zonas de difícil acceso: se evalúa en el sitio.",
    )


# What the evaluation finds where a criterion is not met, and what the cooperative
# proposes: {criterion code: (finding, corrective action)}.
NONCOMPLIANCES = {
    "2.8": ("El órgano de vigilancia no presentó su informe a la última asamblea; el acta "
            "no lo menciona.",
            "El comité de vigilancia presentará su informe escrito en la próxima asamblea y "
            "el acta lo registrará."),
    "4.4": ("Dos de los inspectores internos no tienen registro de formación y nueve socios "
            "no recibieron visita interna este año.",
            "Formar a los dos inspectores en el manual del sistema de control interno y "
            "completar las visitas pendientes antes de la cosecha."),
    "5.5": ("El incentivo del Símbolo se registra en la cuenta general, sin cuenta aparte.",
            "Abrir una cuenta contable separada para el incentivo y presentar sus "
            "movimientos en la próxima asamblea."),
    "7.3": ("En tres de las doce parcelas visitadas los agroquímicos se guardan en la "
            "cocina, sin llave.",
            "Entregar cajas con candado a los socios afectados y verificar el almacenamiento "
            "en la próxima ronda de inspección interna."),
}  # fmt: skip
SEEN = [
    "Verificado en actas y registros de la oficina.",
    "Comprobado en la visita a parcelas y en entrevistas con socios.",
    "Revisado en los documentos del sistema de control interno.",
    "Confirmado en entrevistas con socios y trabajadores.",
]


def evaluation_started(demo: DemoFile) -> None:
    """The lead evaluator starts on the planned day and records every finding."""
    evaluator = demo.body.evaluator
    evaluation = evaluation_start(evaluation=demo.evaluation, by=evaluator)
    findings = evaluation.findings.select_related("criterion").order_by("criterion__position")
    for index, finding in enumerate(findings):
        failed = finding.criterion.code in demo.story.nonconformities
        finding_save(
            finding=finding,
            by=evaluator,
            result=FindingResult.NON_COMPLIANT if failed else FindingResult.COMPLIANT,
            comment=NONCOMPLIANCES.get(finding.criterion.code, ("No se cumple.",))[0]
            if failed
            else SEEN[index % len(SEEN)],
            version=finding.version,
        )


def evaluation_submitted(demo: DemoFile) -> None:
    """The report's texts, the evaluation submitted, and its report made. The report is
    the reports worker's job; the demo makes it here (the same service the task calls),
    because the file cannot reach the committee without it. The task queued on submission
    finds it made and does nothing.

    The PDF is rendered now: it says it was generated today and shows the evaluation's
    dates as they stand at this step, before the later steps move the file further back
    (timeline.py). In a file told months in the past, its dates differ from the pages'."""
    evaluator = demo.body.evaluator
    evaluation = evaluation_texts_save(
        evaluation=demo.evaluation,
        by=evaluator,
        version=demo.evaluation.version,
        data={
            "strengths": "Asambleas con buena participación de socias y socios; "
            "trazabilidad clara desde la parcela hasta el almacén.",
            "next_evaluation_points": "Formación de los inspectores internos y manejo del "
            "incentivo del Símbolo.",
            "distribution_list": f"{demo.organization.legal_name}\nComité de certificación "
            f"de {demo.body.body.name}",
        },
    )
    evaluation = evaluation_submit(evaluation=evaluation, by=evaluator)
    report_make(report_id=evaluation.reports.get().pk)
    demo.application.refresh_from_db()


def actions_proposed(demo: DemoFile) -> None:
    """The cooperative answers each non-compliance; the first with evidence attached."""
    findings = demo.evaluation.findings.filter(result=FindingResult.NON_COMPLIANT)
    for index, finding in enumerate(findings.select_related("criterion", "evaluation")):
        action = NONCOMPLIANCES.get(finding.criterion.code, ("", "Corregirlo."))[1]
        evidence = (
            demo_upload("plan-de-accion.pdf", "Plan de acción", action)
            if index == 0
            else (None, None)
        )
        corrective_action_propose(
            finding=finding,
            by=demo.staff.filer,
            action=action,
            responsible=demo.staff.admin.full_name,
            due_on=today(60 + 15 * index),
            uploaded=evidence[0],
            checked=evidence[1],
        )


def actions_reviewed(demo: DemoFile) -> None:
    """The evaluator accepts the actions (the first `actions_accepted`); with none left
    waiting, the evaluation is closed."""
    evaluator = demo.body.evaluator
    evaluation = demo.evaluation
    proposed = CorrectiveAction.objects.filter(
        finding__evaluation=evaluation, status=CorrectiveAction.Status.PROPOSED
    ).order_by("pk")
    accepted = demo.story.actions_accepted
    for action in list(proposed)[:accepted]:
        corrective_action_review(
            corrective_action=action,
            by=evaluator,
            accept=True,
            comment="La evidencia muestra la acción en marcha.",
        )
    if not proposed.exists():
        evaluation_close(evaluation=evaluation, by=evaluator)
