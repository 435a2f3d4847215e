"""The public page of the standard: the version in force by section, classes explained,
texts in the visitor's language with Spanish marked where it stands in for another."""

import re

import pytest
from django.conf import settings

from certification.models import StandardVersion
from tests.certification.factories import CriterionFactory, SectionFactory, StandardVersionFactory


def get(client, url, language="es"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_version_in_force_by_section(client, standard_v1):
    html = get(client, "/standard/", "en")
    assert "Small Producers&#x27; Symbol standard for small producers&#x27; organizations" in html
    assert "Version 1, in force from" in html and "This is the version in force today." in html
    for section in ("Small-producer definition", "Labour conditions", "Dignified life"):
        assert section in html
    assert html.count('<li id="criterion-') == 77
    assert "Members do not grow genetically modified crops." in html
    assert "How to read the criteria" in html and "A desk evaluation reviews" in html
    assert "judged from the member register" in html
    assert "mandatory from 2027" in html
    assert "<script" not in html


def test_spanish_readers_get_spanish_with_no_language_marks(client, standard_v1):
    html = get(client, "/standard/", "es")
    assert "Los socios no siembran cultivos genéticamente modificados." in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="es"' not in main


@pytest.mark.parametrize("language", ["pt", "fr"])
def test_other_languages_read_the_spanish_text_marked_as_spanish(client, standard_v1, language):
    html = get(client, "/standard/", language)
    assert f'<html lang="{language}">' in html
    assert '<p lang="es">Los socios no siembran cultivos genéticamente modificados.</p>' in html
    assert re.search(r'<h1 lang="es">Norma del Símbolo', html)


def test_older_and_newer_versions_have_their_own_page(client, standard_v2):
    current = get(client, "/standard/", "en")
    assert "Versions:" in current and 'href="/standard/sps-spo/2/"' in current
    newer = get(client, "/standard/sps-spo/2/", "en")
    assert "This version is not in force yet." in newer
    assert 'id="criterion-7.12"' in newer and 'id="criterion-6.6"' not in newer
    older = get(client, "/standard/sps-spo/1/", "en")
    assert 'id="criterion-6.6"' in older and 'id="criterion-7.12"' not in older


def test_drafts_and_unknown_versions_are_not_found(client, db):
    StandardVersionFactory(code="sps-spo", label="9", status=StandardVersion.Status.DRAFT)
    assert client.get("/standard/sps-spo/9/").status_code == 404
    assert client.get("/standard/sps-spo/42/").status_code == 404


def test_before_any_version_is_published_the_page_says_so(client, db):
    html = get(client, "/standard/", "en")
    assert "No version of the standard has been published yet." in html


def test_everyone_finds_it_in_the_navigation(client, db):
    assert 'href="/standard/"' in get(client, "/", "en")


def _version_with(criteria: int) -> StandardVersion:
    version = StandardVersionFactory(code="sps-spo", label="1")
    sections = SectionFactory.create_batch(5, standard_version=version)
    for index in range(criteria):
        CriterionFactory(standard_version=version, section=sections[index % 5])
    return version


def test_10_and_200_criteria_take_the_same_number_of_queries(
    client, db, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = _version_with(10)
    with CaptureQueriesContext(connection) as ten:
        get(client, "/standard/")
    version.delete()
    _version_with(200)
    with django_assert_max_num_queries(len(ten)):
        html = get(client, "/standard/")
    assert html.count('<li id="criterion-') == 200
