"""The buyers' API under its own namespace (django-ninja reverses its URLs by it),
included at /api/v1/ by the project's urls."""

from certification.api import api

app_name = "certification_api"
urlpatterns, _app, _namespace = api.urls
