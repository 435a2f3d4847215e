from django.urls import path

from certification.views import (
    applications,
    checklists,
    competence,
    conflicts,
    corrective_actions,
    evaluations,
    findings,
    objections,
    public,
    reports,
    review,
    self_evaluation,
)

app_name = "certification"

urlpatterns = [
    path("standard/", public.standard, name="standard"),
    path("standard/<slug:code>/<str:label>/", public.standard_version, name="standard_version"),
    path("certification/conflicts/", conflicts.conflict_list, name="conflict_list"),
    path(
        "certification/conflicts/<int:organization_pk>/",
        conflicts.conflict_declare,
        name="conflict_declare",
    ),
    # objself: the objection period (public) and the self-evaluation.
    path("objections/", objections.objection_list, name="objection_list"),
    path("objections/sent/", objections.objection_sent, name="objection_sent"),
    path("objections/<int:pk>/", objections.objection_create_view, name="objection_create"),
    path(
        "certification/applications/<int:pk>/self-evaluation/",
        self_evaluation.self_evaluation,
        name="self_evaluation",
    ),
    path(
        "certification/applications/<int:pk>/self-evaluation/sections/<str:section>/",
        self_evaluation.self_evaluation_section,
        name="self_evaluation_section",
    ),
    path(
        "certification/applications/<int:pk>/self-evaluation/criteria/<int:criterion_pk>/",
        self_evaluation.self_evaluation_answer,
        name="self_evaluation_answer",
    ),
    path(
        "certification/applications/<int:pk>/self-evaluation/documents/<int:document_pk>/",
        self_evaluation.self_evaluation_document,
        name="self_evaluation_document",
    ),
    path(
        "certification/applications/<int:pk>/self-evaluation/submit/",
        self_evaluation.self_evaluation_complete,
        name="self_evaluation_complete",
    ),
    # --- evaluations (issue 10) ---
    path("certification/evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path(
        "certification/applications/<int:pk>/evaluations/new/",
        evaluations.evaluation_plan,
        name="evaluation_plan",
    ),
    path(
        "certification/evaluations/<int:pk>/",
        evaluations.evaluation_detail,
        name="evaluation_detail",
    ),
    path(
        "certification/evaluations/<int:pk>/plan/",
        evaluations.evaluation_replan,
        name="evaluation_replan",
    ),
    path(
        "certification/evaluations/<int:pk>/move/<slug:transition>/",
        evaluations.evaluation_move,
        name="evaluation_move",
    ),
    path(
        "certification/evaluations/<int:pk>/texts/",
        evaluations.evaluation_texts,
        name="evaluation_texts",
    ),
    path(
        "certification/evaluations/<int:pk>/sections/<int:section_pk>/",
        findings.evaluation_section,
        name="evaluation_section",
    ),
    path(
        "certification/evaluations/<int:pk>/findings/<int:finding_pk>/",
        findings.finding_detail,
        name="finding_detail",
    ),
    path(
        "certification/evaluations/<int:pk>/findings/<int:finding_pk>/save/",
        findings.finding_save,
        name="finding_save",
    ),
    path(
        "certification/evaluations/<int:pk>/findings/<int:finding_pk>/evidence/",
        findings.finding_evidence_add,
        name="finding_evidence_add",
    ),
    path(
        "certification/evaluations/<int:pk>/findings/<int:finding_pk>/evidence/<int:evidence_pk>/",
        findings.finding_evidence_download,
        name="finding_evidence_download",
    ),
    path(
        "certification/evaluations/<int:pk>/checklist.xlsx",
        checklists.checklist_download,
        name="checklist_download",
    ),
    path(
        "certification/evaluations/<int:pk>/checklist/",
        checklists.checklist_upload,
        name="checklist_upload",
    ),
    path(
        "certification/evaluations/<int:pk>/checklist/<int:upload_pk>/",
        checklists.checklist_preview,
        name="checklist_preview",
    ),
    path(
        "certification/evaluations/<int:pk>/report/",
        reports.report_status,
        name="report_status",
    ),
    path(
        "certification/evaluations/<int:pk>/reports/new/",
        reports.report_new_version,
        name="report_new_version",
    ),
    path(
        "certification/evaluations/<int:pk>/reports/<int:number>/",
        reports.report_download,
        name="report_download",
    ),
    path(
        "certification/evaluations/<int:pk>/reports/<int:number>/retry/",
        reports.report_retry,
        name="report_retry",
    ),
    path(
        "certification/evaluations/<int:pk>/findings/<int:finding_pk>/actions/new/",
        corrective_actions.corrective_action_propose,
        name="corrective_action_propose",
    ),
    path(
        "certification/evaluations/<int:pk>/actions/<int:action_pk>/",
        corrective_actions.corrective_action_review,
        name="corrective_action_review",
    ),
    path(
        "certification/evaluations/<int:pk>/actions/<int:action_pk>/evidence/",
        corrective_actions.corrective_action_evidence,
        name="corrective_action_evidence",
    ),
    # --- end evaluations ---
    # Evaluator competences (the resolution checklist's "evaluator competent").
    path("certification/competences/", competence.competence_list, name="competence_list"),
    path(
        "certification/competences/bodies/<int:body_pk>/new/",
        competence.competence_add,
        name="competence_add",
    ),
    path(
        "certification/competences/<int:pk>/end/",
        competence.competence_end,
        name="competence_end",
    ),
]

# Applications: the cooperative's side and the certification body's (issue 9, `apply`).
application = "certification/applications/<int:pk>/"
reviewed = "certification/review/<int:pk>/"
urlpatterns += [
    path("certification/applications/", applications.application_list, name="application_list"),
    path(
        "certification/organizations/<int:organization_pk>/readiness/",
        applications.readiness,
        name="readiness",
    ),
    path(
        "certification/organizations/<int:organization_pk>/apply/",
        applications.application_start,
        name="application_start",
    ),
    path(application, applications.application_detail, name="application_detail"),
    path(
        f"{application}sections/<slug:section>/",
        applications.application_section,
        name="application_section",
    ),
    path(
        f"{application}move/<slug:transition>/",
        applications.application_move,
        name="application_move",
    ),
    path(f"{application}map/", applications.application_map, name="application_map"),
    path(
        f"{application}documents/<int:link_pk>/",
        applications.application_document,
        name="application_document",
    ),
    path(
        f"{application}quotes/<int:quote_pk>/pdf/",
        applications.quote_download,
        name="quote_download",
    ),
    path("certification/review/", review.review_list, name="review_list"),
    path(reviewed, review.review_detail, name="review_detail"),
    path(f"{reviewed}move/<slug:transition>/", review.review_move, name="review_move"),
    path(f"{reviewed}return/", review.review_return, name="review_return"),
    path(f"{reviewed}quote/", review.quote_send, name="quote_send"),
]

# --- Part 3 (cert): register, verification, API, resolutions, certificates, cases ---
from certification.views import cases, certificates, decisions  # noqa: E402

urlpatterns += [
    path("certificates/", public.register, name="register"),
    path("verify/<str:number>/", public.verify, name="verify"),
    path("complaints/", public.complaint_new, name="complaint_new"),
    path("complaints/sent/", public.complaint_sent, name="complaint_sent"),
    path("complaints/track/<str:token>/", public.complaint_track, name="complaint_track"),
    path(
        "certification/applications/<int:pk>/resolution/",
        decisions.resolution_new,
        name="resolution_new",
    ),
    path("certification/resolutions/<int:pk>/", decisions.resolution_detail,
         name="resolution_detail"),
    path("certification/resolutions/<int:pk>/agreement/", decisions.user_agreement,
         name="user_agreement"),
    path("certification/resolutions/<int:pk>/appeal/", decisions.appeal_new, name="appeal_new"),
    path("certification/certificates/<int:pk>/", certificates.certificate_detail,
         name="certificate_detail"),
    path("certification/certificates/<int:pk>/pdf/", certificates.certificate_pdf,
         name="certificate_pdf"),
    path("certification/certificates/<int:pk>/<slug:transition>/",
         certificates.certificate_move_view, name="certificate_move"),
    path("certification/cases/", cases.case_list, name="case_list"),
    path("certification/complaints/<int:pk>/", cases.complaint_detail, name="complaint_detail"),
    path("certification/complaints/<int:pk>/assign/", cases.complaint_assign,
         name="complaint_assign"),
    path("certification/complaints/<int:pk>/close/", cases.complaint_close,
         name="complaint_close"),
    path("certification/appeals/<int:pk>/", cases.appeal_detail, name="appeal_detail"),
    path("certification/appeals/<int:pk>/assign/", cases.appeal_assign, name="appeal_assign"),
    path("certification/appeals/<int:pk>/close/", cases.appeal_close, name="appeal_close"),
]  # fmt: skip

# --- Reminders (issue 12): membership fees ---
from certification.views import fees  # noqa: E402

urlpatterns += [
    path("certification/fees/", fees.fee_list, name="fee_list"),
    path("certification/fees/<int:pk>/", fees.fee_detail, name="fee_detail"),
    path("certification/fees/<int:pk>/paid/", fees.fee_pay, name="fee_pay"),
]
