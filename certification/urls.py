from django.urls import path

from certification.views import conflicts, objections, public

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
    # objself: the objection period (public).
    path("objections/", objections.objection_list, name="objection_list"),
    path("objections/sent/", objections.objection_sent, name="objection_sent"),
    path("objections/<int:pk>/", objections.objection_create_view, name="objection_create"),
]
