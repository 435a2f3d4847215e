"""Public pages read in Portuguese and French: no English text left on them.

Every page the matrix says an anonymous visitor may open is rendered in pt and fr; any
text node or label that is an untranslated string of the catalog fails the test."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.matrix import ANONYMOUS
from tests.test_permission_matrix import ROUTES, build_world

PUBLIC_ROUTES = sorted(
    name
    for name, route in ROUTES.items()
    if route.method == "get" and route.expected_for(ANONYMOUS) == 200
)
LABEL_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}
WORDED_META = {"description", "og:title", "og:description", "twitter:title"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and name in LABEL_ATTRIBUTES:
                self.texts.append(value)
        if tag == "meta" and {attributes.get("name"), attributes.get("property")} & WORDED_META:
            self.texts.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def catalog(language):
    return polib.pofile(str(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"))


def translations(language) -> set[str]:
    """Texts that are some entry's translation (French "note" translates "brief")."""
    return {normalized(entry.msgstr) for entry in catalog(language).translated_entries()}


def untranslated_patterns(language):
    patterns = []
    for entry in catalog(language):
        if entry.translated() or len(entry.msgid) < 4:
            continue
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            parts = re.split(r"%\(\w+\)[sd]|%[sd]", msgid)
            patterns.append((msgid, re.compile(".+?".join(map(re.escape, parts)) + r":?")))
    return patterns


def normalized(text):
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["pt", "fr"])
def test_public_pages_have_no_untranslated_text(language, client, db):
    world = build_world()
    patterns = untranslated_patterns(language)
    translated = translations(language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found = set()
    for name in PUBLIC_ROUTES:
        url = reverse(name, kwargs=ROUTES[name].kwargs(world.objects))
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        assert f'<html lang="{language}">' in response.content.decode(), url
        parser = VisibleText()
        parser.feed(response.content.decode())
        for text in set(map(normalized, parser.texts)) - translated:
            found.update(f"{url}: {msgid!r}" for msgid, rx in patterns if rx.fullmatch(text))
    assert sorted(found) == [], "\n".join(sorted(found))
