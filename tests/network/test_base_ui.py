import re

from django.urls import reverse


def test_the_home_page_says_what_the_network_is_in_spanish(client, db):
    response = client.get(reverse("network:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "pequeños productores" in html.lower()
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert 'aria-label="Principal"' in html  # the navigation landmark, translated


def test_it_speaks_the_language_the_visitor_chose(client, db):
    response = client.post(
        reverse("network:set_language"), {"language": "pt", "next": "/"}, follow=True
    )
    assert '<html lang="pt">' in response.content.decode()


def test_pages_carry_no_inline_script_or_style_and_a_strict_csp(client, db):
    response = client.get(reverse("network:home"))
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and "<style" not in html
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp


def test_the_language_choice_is_remembered_on_the_account(client, registered_user):
    client.force_login(registered_user)
    client.post(reverse("network:set_language"), {"language": "en", "next": "/"})
    registered_user.refresh_from_db()
    assert registered_user.language == "en"
    assert '<html lang="en">' in client.get(reverse("network:dashboard")).content.decode()


def test_the_language_switch_refuses_foreign_redirects(client, db):
    response = client.post(
        reverse("network:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_allauth_pages_use_the_site_layout(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert 'class="site-header"' in html and "Iniciar sesión" in html
