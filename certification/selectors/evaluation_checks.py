"""The resolution checklist's items that the evaluation's records answer (see
certification/selectors/decisions.py): the evaluation form, the non-conformity report and
the cooperative's response, the corrective action plan, the report and the risk
assessment. Each reads the application's latest evaluation, the one the committee
decides on.

Corrective actions and a grant (domain.md, step 7: "suspension: corrective actions not
done"): every non-compliance needs the cooperative's answer, and every critical one an
action the evaluators accepted, before a certification is granted. Minimum and
improvement non-compliances may be granted with their actions still under review: they
are followed up at the next evaluation. Neither stops the committee from refusing,
suspending or cancelling, which is what it does when the actions are not made."""

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from certification.models import (
    ApplicationKind,
    CorrectiveAction,
    CriterionClass,
    Evaluation,
    EvaluationReport,
    EvaluationType,
    RiskLevel,
    risk_refusal,
)
from certification.models.evaluations import evaluated_completely_before
from certification.selectors.decisions import (
    MISSING,
    NOT_APPLICABLE,
    OK,
    CheckResult,
    checklist_item,
)
from certification.selectors.evaluations import (
    ISSUED,
    latest_evaluation,
    latest_report,
    non_compliances,
)

NOT_SUBMITTED = (Evaluation.Status.PLANNED, Evaluation.Status.IN_PROGRESS)
NO_EVALUATION = _("No evaluation of the application is recorded.")


def _codes(findings) -> str:
    return ", ".join(finding.criterion.code for finding in findings)


def _submitted(application):
    """The latest evaluation if it is submitted (or later), else why not as a result."""
    evaluation = latest_evaluation(application)
    if evaluation is None:
        return None, CheckResult(MISSING, NO_EVALUATION)
    if evaluation.status in NOT_SUBMITTED:
        return None, CheckResult(
            MISSING,
            _("The evaluation %(reference)s is “%(status)s”: it is not submitted yet.")
            % {"reference": evaluation.reference, "status": evaluation.get_status_display()},
        )
    return evaluation, None


@checklist_item("evaluation")
def _evaluation_completed(application):
    evaluation, missing = _submitted(application)
    if missing:
        return missing
    counts = evaluation.findings.aggregate(
        total=Count("pk"), blank=Count("pk", filter=Q(result=""))
    )
    if not counts["total"]:
        return CheckResult(
            MISSING,
            _("The evaluation %(reference)s has no findings.")
            % {"reference": evaluation.reference},
        )
    if counts["blank"]:
        return CheckResult(
            MISSING,
            ngettext(
                "%(count)s criterion of the evaluation %(reference)s has no result.",
                "%(count)s criteria of the evaluation %(reference)s have no result.",
                counts["blank"],
            )
            % {"count": counts["blank"], "reference": evaluation.reference},
        )
    return CheckResult(
        OK,
        _("%(reference)s: each of its %(count)s criteria has a result.")
        % {"reference": evaluation.reference, "count": counts["total"]},
    )


def _answered(finding) -> bool:
    """The cooperative answered: an action proposed or accepted (a rejected one waits for
    another)."""
    return any(action.status != CorrectiveAction.Status.REJECTED for action in finding.actions)


def _accepted(finding) -> bool:
    return any(action.status == CorrectiveAction.Status.ACCEPTED for action in finding.actions)


@checklist_item("nonconformity_report")
def _non_compliances_reported_and_answered(application):
    evaluation, missing = _submitted(application)
    if missing:
        return missing
    findings = list(non_compliances(evaluation))
    if not findings:
        return CheckResult(NOT_APPLICABLE, _("The evaluation found no non-compliance."))
    if evaluation.status not in ISSUED:
        return CheckResult(
            MISSING,
            ngettext(
                "The report that lists the non-compliance is not issued yet.",
                "The report that lists the %(count)s non-compliances is not issued yet.",
                len(findings),
            )
            % {"count": len(findings)},
        )
    unanswered = [finding for finding in findings if not _answered(finding)]
    if unanswered:
        return CheckResult(
            MISSING,
            _("The cooperative has not answered these non-compliances with a corrective "
              "action: %(codes)s.") % {"codes": _codes(unanswered)},
            only_for_grant=True,
        )  # fmt: skip
    listed = ngettext(
        "The report lists %(count)s non-compliance (%(codes)s); the cooperative answered it.",
        "The report lists %(count)s non-compliances (%(codes)s); the cooperative answered each.",
        len(findings),
    )
    return CheckResult(OK, listed % {"count": len(findings), "codes": _codes(findings)})


@checklist_item("corrective_action_plan")
def _plan_accepted(application):
    evaluation, missing = _submitted(application)
    if missing:
        return missing
    findings = list(non_compliances(evaluation))
    if not findings:
        return CheckResult(NOT_APPLICABLE, _("No non-compliance: no plan is needed."))
    waiting = [finding for finding in findings if not _accepted(finding)]
    critical = [f for f in waiting if f.criterion.criterion_class == CriterionClass.CRITICAL]
    if critical:
        return CheckResult(
            MISSING,
            _("A critical non-compliance needs a corrective action the evaluators accepted "
              "before a certification is granted: %(codes)s.") % {"codes": _codes(critical)},
            only_for_grant=True,
        )  # fmt: skip
    if waiting:
        return CheckResult(
            OK,
            _("Every critical non-compliance has an accepted corrective action; not accepted "
              "yet, to follow up at the next evaluation: %(codes)s.") % {"codes": _codes(waiting)},
        )  # fmt: skip
    return CheckResult(OK, _("Every non-compliance has an accepted corrective action."))


@checklist_item("evaluation_report")
def _report_made(application):
    evaluation = latest_evaluation(application)
    if evaluation is None:
        return CheckResult(MISSING, NO_EVALUATION)
    report = latest_report(evaluation)
    if report is None:
        return CheckResult(
            MISSING,
            _("No report of the evaluation %(reference)s was made.")
            % {"reference": evaluation.reference},
        )
    if report.status != EvaluationReport.Status.DONE:
        return CheckResult(
            MISSING,
            _("Version %(number)s of the report is “%(status)s”.")
            % {"number": report.number, "status": report.get_status_display()},
        )
    message = _("Version %(number)s, made on %(date)s (SHA-256 %(hash)s…).") % {
        "number": report.number,
        "date": date_format(report.generated_at, "SHORT_DATE_FORMAT"),
        "hash": report.sha256[:12],
    }
    reviewed_since = CorrectiveAction.objects.filter(
        finding__evaluation=evaluation, reviewed_at__gt=report.generated_at
    ).exists()
    if reviewed_since:
        message = _("%(made)s Corrective actions were reviewed after it: a new version would "
                    "show them.") % {"made": message}  # fmt: skip
    return CheckResult(OK, message)


@checklist_item("risk_assessment")
def _risk_applied(application):
    evaluation = latest_evaluation(application)
    if evaluation is None:
        return CheckResult(MISSING, NO_EVALUATION)
    if not evaluation.risk_level:
        return CheckResult(
            MISSING, _("No risk assessment was recorded when the evaluation was planned.")
        )
    follow_up = evaluated_completely_before(application, evaluation)
    refusal = risk_refusal(
        application_kind=application.kind,
        risk_level=evaluation.risk_level,
        evaluation_type=evaluation.evaluation_type,
        follow_up=follow_up,
    )
    if refusal:
        return CheckResult(
            MISSING,
            _("The evaluation was a “%(type)s”, which contradicts the risk assessment. %(why)s")
            % {"type": evaluation.get_evaluation_type_display(), "why": refusal},
        )
    details = {
        "level": RiskLevel(evaluation.risk_level).label,
        "type": EvaluationType(evaluation.evaluation_type).label,
        "person": evaluation.risk_assessed_by or "—",
    }
    if application.kind == ApplicationKind.INITIAL and not follow_up:
        return CheckResult(
            OK,
            _("%(level)s risk, assessed by %(person)s; an initial application, evaluated "
              "completely: %(type)s.") % details,
        )  # fmt: skip
    return CheckResult(
        OK, _("%(level)s risk, assessed by %(person)s; it allows a “%(type)s”.") % details
    )
