"""Error pages speak the user's language in the site's layout (DEBUG is off in tests)."""

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied


def test_a_missing_page_says_so_in_spanish(client, db):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html and 'class="site-header"' in html


def test_a_forbidden_action_explains_itself(db, registered_user):
    request = RequestFactory().get("/")
    request.user = registered_user
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "No permitido" in response.content.decode()


def test_an_expired_form_says_what_to_do(db, registered_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@b.co", "password": "x"})
    assert response.status_code == 403
    assert "El formulario expiró" in response.content.decode()


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Algo salió mal" in html and "/static/css/minga.css" in html
