"""Spanish and English catalogs are complete; Portuguese and French cover the public
pages and emails."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGS = Path(settings.LOCALE_PATHS[0])
# Sources whose strings a member of the public or an email recipient reads.
PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/includes/",
    "templates/emails/",
    "templates/network/home.html",
    "templates/400.html",
    "templates/403.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/500.html",
    "templates/producers/public/",
    "templates/advocacy/public/",
    "templates/certification/public/",
    "network/settings.py",
    "producers/forms/public.py",
    "advocacy/forms/public.py",
    "certification/forms/public.py",
)


def catalog(language):
    return polib.pofile(str(CATALOGS / language / "LC_MESSAGES" / "django.po"))


def untranslated(entries):
    return [
        e.msgid
        for e in entries
        if "fuzzy" in e.flags or not (e.msgstr or all(e.msgstr_plural.values()) and e.msgstr_plural)
    ]


@pytest.mark.parametrize("language", ["es", "en"])
def test_staff_languages_are_complete(language):
    assert untranslated(catalog(language)) == []


@pytest.mark.parametrize("language", ["pt", "fr"])
def test_public_pages_and_emails_are_translated(language):
    public = [
        entry
        for entry in catalog(language)
        if any(path.startswith(PUBLIC_SOURCES) for path, _line in entry.occurrences)
    ]
    assert public, "no public strings found: are the catalogs built with locations?"
    assert untranslated(public) == []


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr"])
def test_compiled_catalogs_are_current(language):
    po = catalog(language)
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.mofile(str(CATALOGS / language / "LC_MESSAGES" / "django.mo"))
    }
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert stale == [], "run `make messages`"
