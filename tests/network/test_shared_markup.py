"""The shared pieces of markup (templates/includes/, network/templatetags/ui.py): every
table in one scrolling region, valid <time> values, checkbox groups as fieldsets, one
error summary for every form, htmx only where a page uses it."""

import re
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.utils import translation
from django.utils.translation import gettext

from network.activity import activity_record
from tests.producers.factories import OrganizationFactory, ProductNetworkFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Pages, not emails nor PDF documents (*_pdf.html): they lay themselves out with tables
# and never scroll.
PAGE_TEMPLATES = [
    path
    for path in TEMPLATES.rglob("*.html")
    if TEMPLATES / "emails" not in path.parents and not path.name.endswith("_pdf.html")
]
# A valid HTML global date and time: at most milliseconds, an offset or Z.
HTML_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)$")


def render(source: str, context=None) -> str:
    return engines["django"].from_string(source).render(context or {})


def test_every_table_of_a_page_is_inside_the_one_scrolling_region():
    assert PAGE_TEMPLATES
    for path in PAGE_TEMPLATES:
        text = path.read_text()
        if path.name == "table_region.html":
            continue
        assert "table-wrap" not in text, f"{path}: use {{% table_region %}}"
        assert text.count("<table") == text.count("{% table_region "), path


def test_the_table_region_is_named_focusable_and_scrolls_by_itself():
    with translation.override("es"):
        html = render(
            '{% load ui %}{% table_region _("Members") %}<table></table>{% endtable_region %}'
        )
        label = gettext("Members")
    assert label != "Members"
    assert html == (
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">'
        "<table></table></div>"
    )
    css = (Path(settings.BASE_DIR) / "static/css/minga.css").read_text()
    # A positioned scroller clips its visually hidden headers instead of widening the page.
    assert ".table-wrap { overflow-x: auto; position: relative; }" in css


def test_time_elements_carry_valid_datetimes():
    for path in PAGE_TEMPLATES:
        for value in re.findall(r'<time datetime="([^"]*)"', path.read_text()):
            assert value.endswith("|datetime_attr }}"), f"{path}: {value}"
    moment = datetime(2025, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
    with translation.override("es"):
        value = render("{% load ui %}{{ moment|datetime_attr }}", {"moment": moment})
    assert HTML_DATETIME.match(value), value
    assert value == "2025-03-03T23:06:07-06:00"  # in TIME_ZONE, to the second


def test_the_activity_log_shows_valid_datetimes(client, coop_a, coop_a_admin):
    activity_record(actor=coop_a_admin, verb="organization.updated", target=coop_a, scope=coop_a)
    client.force_login(coop_a_admin)
    html = client.get(f"/organizations/{coop_a.pk}/activity/").content.decode()
    values = re.findall(r'<time datetime="([^"]*)"', html)
    assert values and all(HTML_DATETIME.match(value) for value in values), values


def test_a_group_of_checkboxes_is_a_fieldset_named_by_its_legend(client, db):
    ProductNetworkFactory(slug="coffee", name="Café")
    html = client.get("/join/").content.decode()
    group = re.search(r'<fieldset class="field field-group">(.*?)</fieldset>', html, re.S)
    assert group, "the products are not in a fieldset"
    assert "<legend>Productos</legend>" in group.group(1)
    assert 'type="checkbox" name="product_networks"' in group.group(1)
    assert '<label for="id_product_networks">' not in html  # no label pointing at nothing


def test_a_form_with_errors_opens_with_a_summary_linking_to_each_field(client, db):
    html = client.post("/join/", {"applicant_email": "not an address"}).content.decode()
    summary = re.search(
        r'<div class="error-summary" id="errors" tabindex="-1".*?</ul>', html, re.S
    ).group(0)
    assert "Revisa lo que escribiste" in summary
    links = re.findall(r'<a href="#([\w-]+)">', summary)
    assert {"id_legal_name", "id_applicant_email", "id_product_networks"} <= set(links)
    for target in links:  # every link lands on something on the page
        assert f'id="{target}"' in html, target
    assert html.index("error-summary") < html.index('id="id_legal_name"')  # first in the form
    assert "js/error-summary.js" in html  # focus moves there where JavaScript runs
    assert "js/error-summary.js" not in client.get("/join/").content.decode()


def test_htmx_is_loaded_only_by_pages_that_use_it(client, coop_a, coop_a_admin, network_staff):
    pages = ["/", f"/organizations/{coop_a.pk}/", f"/organizations/{coop_a.pk}/members/"]
    for user, paths in [(coop_a_admin, pages), (network_staff, ["/network/directory/"])]:
        client.force_login(user)
        for path in paths:
            html = client.get(path, follow=True).content.decode()
            assert " hx-" not in html and "htmx" not in html, path
    page = render(
        '{% extends "base.html" %}{% block scripts %}{% include "includes/htmx.html" %}'
        '{% endblock %}{% block content %}<input name="q" hx-get="/search/">{% endblock %}',
        {"user": coop_a_admin},
    )
    assert re.search(r'<script src="/static/js/htmx\.min\.js[^"]*" defer>', page)
    assert '"includeIndicatorStyles": false' in page  # no inline <style> under the CSP
    for path in PAGE_TEMPLATES:  # a page using htmx asks for it
        text = path.read_text()
        if re.search(r"\shx-[a-z]+=", text) and "{% extends" in text:
            assert '{% include "includes/htmx.html" %}' in text, path


def test_an_organization_page_renders_its_tables_in_regions(client, coop_a_admin, coop_a):
    OrganizationFactory()  # another, unseen
    client.force_login(coop_a_admin)
    html = client.get(f"/organizations/{coop_a.pk}/people/").content.decode()
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Personas">' in html
