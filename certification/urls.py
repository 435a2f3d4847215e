from django.urls import path

from certification.views import public

app_name = "certification"

urlpatterns = [
    path("standard/", public.standard, name="standard"),
    path("standard/<slug:code>/<str:label>/", public.standard_version, name="standard_version"),
]
