from django.urls import path

from certification.views import conflicts, public

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
