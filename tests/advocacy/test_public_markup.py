"""What the public campaign pages say about their own text: the language a fallback is
written in, and the country chart's figures as a table."""

import re

import pytest
from django.urls import reverse

from advocacy import tokens
from advocacy.services import signatures
from tests.advocacy.factories import SignatureFactory


def in_language(client, language):
    client.post(reverse("network:set_language"), {"language": language, "next": "/"})
    return client


@pytest.mark.parametrize("language", ["pt", "fr"])
def test_campaign_text_that_falls_back_to_spanish_is_marked_as_spanish(client, petition, language):
    html = in_language(client, language).get(f"/campaigns/{petition.slug_es}/").content.decode()
    assert f'<html lang="{language}">' in html
    assert '<h1><span lang="es">Agua limpia</span></h1>' in html
    assert '<p class="lead"><span lang="es">Un resumen en castellano.</span></p>' in html
    assert '<div lang="es"><p>Texto de la campaña.</p>\n\n<p>Segundo párrafo.</p></div>' in html
    listing = client.get("/campaigns/").content.decode()
    assert '<span lang="es">Agua limpia</span></a></h2>' in listing


def test_campaign_text_in_the_pages_language_needs_no_mark(client, petition):
    html = in_language(client, "en").get(f"/campaigns/{petition.slug_es}/").content.decode()
    assert "<h1>Clean water</h1>" in html  # written in English
    assert '<p class="lead">A summary in English.</p>' in html
    spanish = in_language(client, "es").get(f"/campaigns/{petition.slug_es}/").content.decode()
    assert "<h1>Agua limpia</h1>" in spanish and 'lang="es">' not in spanish.split("<body>")[1]


def test_the_text_keeps_its_language_when_quoted_in_a_sentence(client, petition):
    signature = SignatureFactory(campaign=petition, language="pt")
    link = reverse("advocacy:unsubscribe", args=[tokens.unsubscribe_token(signature.pk)])
    html = in_language(client, "pt").get(link).content.decode()
    assert '“<span lang="es">Agua limpia</span>”' in html


def test_the_country_chart_comes_with_its_figures_as_a_table(client, petition):
    SignatureFactory.create_batch(3, campaign=petition, country="PE")
    SignatureFactory(campaign=petition, country="CD")
    signatures.tallies_refresh()
    html = client.get(f"/campaigns/{petition.slug_es}/").content.decode()
    chart = re.search(r'<svg class="chart bar-chart" viewBox="0 0 320 \d+".*?</svg>', html, re.S)
    assert chart and "Perú" in chart.group(0)
    table = re.search(r'<details class="chart-table">.*?</details>', html, re.S).group(0)
    assert "<summary>Las cifras en una tabla</summary>" in table
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"number\">(\d+)</td></tr>", table)
    assert rows == [("Perú", "3"), ("República Democrática del Congo", "1")]
    assert 'role="region" aria-label="Firmas por país"' in table
