from django.urls import path

from certification.views import conflicts, objections, public, self_evaluation

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
        "certification/applications/<int:pk>/self-evaluation/submit/",
        self_evaluation.self_evaluation_complete,
        name="self_evaluation_complete",
    ),
]
