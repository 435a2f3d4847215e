"""The words of the certification app's activity log: each verb it records, as shown
(registered with network.activity in CertificationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "standard.created": _("loaded a new version of the standard"),
    "standard.updated": _("updated a draft version of the standard"),
    "standard.published": _("published a version of the standard"),
    "conflict_of_interest.declared": _("made a conflict-of-interest declaration"),
    "application.created": _("started a certification application"),
    "application.submitted": _("submitted the application"),
    "application.review_started": _("started the eligibility review"),
    "application.returned": _("returned the application for corrections"),
    "application.resubmitted": _("submitted the corrected application"),
    "application.objections_opened": _("accepted the application and opened the objection period"),
    "application.accepted": _("accepted the application as eligible"),
    "application.objections_closed": _("closed the objection period"),
    "application.quote_sent": _("sent a quote"),
    "application.quote_accepted": _("accepted the quote"),
    "application.quote_rejected": _("rejected the quote"),
    "application.self_evaluation_completed": _("submitted the self-evaluation"),
    "application.evaluation_started": _("started the evaluation"),
    "application.evaluated": _("finished the evaluation"),
    "application.follow_up_required": _("required a follow-up evaluation"),
    "application.decided": _("recorded the resolution"),
    "application.withdrawn": _("withdrew the application"),
    "objection.received": _("objected to the application"),
    "self_evaluation.answered": _("answered a criterion of the self-evaluation"),
    # evaluations (issue 10)
    "evaluation.planned": _("planned an evaluation"),
    "evaluation.replanned": _("changed the evaluation's plan"),
    "evaluation.started": _("started the evaluation"),
    "evaluation.submitted": _("submitted the evaluation"),
    "evaluation.report_issued": _("issued the evaluation report"),
    "evaluation.closed": _("closed the evaluation"),
    "evaluation.texts_updated": _("updated the strengths, points for next time or distribution"),
    "finding.recorded": _("recorded a finding"),
    "finding.imported": _("recorded a finding from the offline checklist"),
    "finding.evidence_added": _("added evidence to a finding"),
    "checklist.imported": _("saved an offline checklist"),
    "corrective_action.proposed": _("proposed a corrective action"),
    "corrective_action.accepted": _("accepted a corrective action"),
    "corrective_action.rejected": _("rejected a corrective action"),
    "report.requested": _("asked for a version of the evaluation report"),
    "report.generated": _("had the evaluation report made"),
    "report.retried": _("tried to make the evaluation report again"),
}
CHANGE_LABELS = {
    "codes_removed": _("codes removed"),
    "kind": _("type of application"),
    "certification_body": _("certification body"),
    # evaluations (issue 10)
    "criterion": _("criterion"),
    "evidence_file": _("evidence"),
    "saved": _("findings saved"),
    "kept_stored": _("stored findings kept"),
}
