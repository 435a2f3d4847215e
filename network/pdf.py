"""The one PDF helper: HTML rendered by WeasyPrint with a URL fetcher that only
serves our own static files: user content can never make it read a file or the network."""

import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that resolves nowhere: relative references in the template land under it.
STATIC_BASE = "https://static.minga.invalid/"


class ForbiddenFetch(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Answers only STATIC_BASE URLs, from the static files finders; refuses the rest."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_BASE):
            raise ForbiddenFetch(f"refused to fetch {url[:80]!r}")
        relative = url[len(STATIC_BASE) :].split("?")[0]
        if not relative or ".." in relative.split("/"):
            raise ForbiddenFetch("refused a path outside the static files")
        path = finders.find(relative)
        if not path:
            raise ForbiddenFetch(f"no static file {relative!r}")
        content_type = "image/svg+xml" if relative.endswith(".svg") else "application/octet-stream"
        if relative.endswith(".css"):
            content_type = "text/css"
        with open(path, "rb") as handle:
            return URLFetcherResponse(url, handle.read(), {"Content-Type": content_type})


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_html(*, template: str, context: dict, language: str) -> str:
    """The document's HTML in `language` (what render_pdf lays out). The context also
    has `page_numbers_css`: see below."""
    with translation.override(language):
        return render_to_string(template, {**context, "page_numbers_css": page_numbers_css()})


def html_to_pdf(html: str) -> RenderedPdf:
    """Lay out HTML as a PDF through the static-only fetcher; with its page count."""
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).render()
    return RenderedPdf(data=document.write_pdf(), pages=len(document.pages))


def render_pdf(*, template: str, context: dict, language: str) -> bytes:
    return html_to_pdf(render_html(template=template, context=context, language=language)).data


# Page numbers: WeasyPrint fills CSS counters in page margins. A template prints
# "page 3 of 12" in its reader's language with
#   @page { @bottom-right { content: {{ page_numbers_css }}; } }
def page_numbers_css() -> str:
    """The CSS `content` value that prints "page N of M" in the active language: the
    translated words as CSS strings (escaped), the numbers as counters."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", gettext("page {page} of {pages}")):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + "".join(_css_char(char) for char in piece) + '"')
    return mark_safe(" ".join(parts))  # noqa: S308 - every character is escaped above


def _css_char(char: str) -> str:
    return char if char.isalnum() or char in " .,:;-" else f"\\{ord(char):x} "
